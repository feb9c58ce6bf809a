import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestVerdict } from '../../../src/client/request-verdict.js';
import type { LivenessRequest } from '../../../src/client/submit-liveness.js';
import { LivenessError } from '../../../src/errors.js';
import { failureOf } from './failure-of.js';

const LIVE = '{"success":true,"message":"Process finished successfully","model_output":{"pred_idx":"real","prob_real":0.9}}';

/** A fetch that plays `answers` in order and counts its calls. */
function fetchPlaying(...answers: Array<() => Promise<Response>>) {
  let calls = 0;
  const fetch = (async () => answers[calls++]()) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

const request = (fetch: typeof globalThis.fetch, extra: Partial<LivenessRequest> = {}): LivenessRequest => ({
  url: 'https://proxy.example/api/liveness/antispoofing',
  base64: '/9j/4AAQ',
  capture: { source: 'page-stream', signals: [], samples: { compared: 0, identical: 0 }, declared: {}, frame: { width: 640, height: 480 } },
  timeoutMs: 1_000,
  retryDelayMs: 1,
  fetch,
  ...extra,
});

describe('requestVerdict', () => {
  it("parses the proxy's answer against the threshold", async () => {
    const { fetch } = fetchPlaying(async () => new Response(LIVE));
    assert.deepEqual(await requestVerdict(request(fetch), 0.95), {
      live: false,
      score: 0.9,
      predIdx: 'real',
      mode: 'live',
    });
  });

  it('parses the retry when the first answer was a gateway error', async () => {
    const { fetch, calls } = fetchPlaying(
      async () => new Response('{}', { status: 504 }),
      async () => new Response(LIVE),
    );
    assert.equal((await requestVerdict(request(fetch), 0.55)).live, true);
    assert.equal(calls(), 2);
  });

  it('passes on a failure without an answer as it is', async () => {
    const failing = async () => {
      throw new TypeError('fetch failed');
    };
    const { fetch, calls } = fetchPlaying(failing, failing);
    const failure = await failureOf(requestVerdict(request(fetch), 0.55));
    assert.deepEqual({ ...failure, message: undefined }, { code: 'network', recoverable: true, message: undefined });
    assert.equal(calls(), 2);
  });

  it('turns an unexpected error of fetch into a recoverable network LivenessError, without a retry, keeping it as cause', async () => {
    const bug = new RangeError('instrumented fetch broke');
    const { fetch, calls } = fetchPlaying(async () => {
      throw bug;
    });
    const failed = requestVerdict(request(fetch), 0.55);
    await assert.rejects(failed, (error) => error instanceof LivenessError && error.cause === bug);
    assert.deepEqual(await failureOf(failed), { code: 'network', message: 'RangeError: instrumented fetch broke', recoverable: true });
    assert.equal(calls(), 1);
  });

  it("rejects with the caller's abort, also while the answer is read", async () => {
    const caller = new AbortController();
    // A body that stalls until the caller aborts, then errors with the abort's reason as fetch's body does.
    const stalledBody = new ReadableStream<Uint8Array>({
      start(controller) {
        caller.signal.addEventListener('abort', () => controller.error(caller.signal.reason));
      },
    });
    const { fetch } = fetchPlaying(async () => {
      setTimeout(() => caller.abort(), 10);
      return new Response(stalledBody);
    });
    await assert.rejects(requestVerdict(request(fetch, { signal: caller.signal }), 0.55), { name: 'AbortError' });
  });
});
