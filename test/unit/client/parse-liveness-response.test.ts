import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ANSWER_BYTES } from '../../../src/contract/liveness-api.js';
import { parseLivenessResponse } from '../../../src/client/parse-liveness-response.js';
import type { SignedVerdict } from '../../../src/types.js';
import { failureOf } from './failure-of.js';

const respond = (body: string, status = 200, contentType = 'application/json') =>
  new Response(body, { status, headers: { 'content-type': contentType } });

/** A 200 answer of the API, with `model_output` as given. */
const modelAnswer = (modelOutput: unknown, extra: object = {}) =>
  respond(JSON.stringify({ success: true, message: 'Process finished successfully', model_output: modelOutput, ...extra }));

const answerWithScore = (probReal: number, predIdx = probReal > 0.5 ? 'real' : 'spoof') =>
  modelAnswer({ pred_idx: predIdx, prob_real: probReal });

describe('parseLivenessResponse: verdicts', () => {
  const cases: [name: string, probReal: number, threshold: number, live: boolean][] = [
    ['0.9 against 0.55 is live', 0.9, 0.55, true],
    ['0.1 against 0.55 is not live', 0.1, 0.55, false],
    ['a score equal to the threshold is not live', 0.55, 0.55, false],
    ['0.52 against 0.5 is live', 0.52, 0.5, true],
    ['0.52 against 0.55 is not live', 0.52, 0.55, false],
    ['1, the top of the range, is live', 1, 0.55, true],
    ['0, the bottom of the range, is not live', 0, 0.55, false],
  ];
  for (const [name, probReal, threshold, live] of cases) {
    it(name, async () => {
      assert.deepEqual(await parseLivenessResponse(answerWithScore(probReal), threshold), {
        live,
        score: probReal,
        predIdx: probReal > 0.5 ? 'real' : 'spoof',
        mode: 'live',
      });
    });
  }

  it('lets the threshold decide over pred_idx real: a low score is not live', async () => {
    const outcome = await parseLivenessResponse(answerWithScore(0.5, 'real'), 0.55);
    assert.deepEqual(outcome, { live: false, score: 0.5, predIdx: 'real', mode: 'live' });
  });

  it('refuses pred_idx spoof with a score above the threshold (bad-response, never live)', async () => {
    assert.equal((await failureOf(parseLivenessResponse(answerWithScore(0.6, 'spoof'), 0.55))).code, 'bad-response');
    const atThreshold = await parseLivenessResponse(answerWithScore(0.55, 'spoof'), 0.55);
    assert.deepEqual(atThreshold, { live: false, score: 0.55, predIdx: 'spoof', mode: 'live' });
  });

  it("passes the proxy's signed verdict through untouched", async () => {
    const verdict: SignedVerdict = 'eyJhbGciOiJFZERTQSJ9.eyJsaXZlIjp0cnVlfQ.c2lnbmF0dXJl';
    const outcome = await parseLivenessResponse(modelAnswer({ pred_idx: 'real', prob_real: 0.9997 }, { verdict }), 0.55);
    assert.equal(outcome.verdict, verdict);
  });

  it('reports the sandbox when the answer or its verdict says so', async () => {
    const real = { pred_idx: 'real', prob_real: 0.97 };
    const modeOf = async (extra: object) => {
      const outcome = await parseLivenessResponse(modelAnswer(real, extra), 0.55);
      return outcome.mode;
    };
    const token = (claims: object) => `eyJhbGciOiJFZERTQSJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
    assert.equal(await modeOf({ mode: 'sandbox' }), 'sandbox');
    assert.equal(await modeOf({ verdict: token({ mode: 'sandbox' }) }), 'sandbox');
    assert.equal(await modeOf({ mode: 'live', verdict: token({ mode: 'sandbox', sub: '~~~???' }) }), 'sandbox');
    assert.equal(await modeOf({ mode: 'live' }), 'live');
    assert.equal(await modeOf({ verdict: token({ mode: 'live' }) }), 'live');
    assert.equal(await modeOf({ verdict: 'e30.bm90IGpzb24.c2ln' }), 'live', 'claims that are not JSON say nothing');
    assert.equal(await modeOf({ verdict: 'e30.a.c2ln' }), 'live', 'claims that are not base64 say nothing');
    assert.equal(await modeOf({}), 'live');
  });

  it('accepts any 2xx status', async () => {
    const outcome = await parseLivenessResponse(
      respond(JSON.stringify({ success: true, model_output: { pred_idx: 'real', prob_real: 0.8 } }), 201),
      0.5,
    );
    assert.equal(outcome.live, true);
  });
});

describe('parseLivenessResponse: refusals of the API', () => {
  it('"face not detected" is face-not-detected, recoverable', async () => {
    const outcome = await failureOf(parseLivenessResponse(respond('{"success":false,"message":"face not detected"}'), 0.55));
    assert.deepEqual(outcome, {
      code: 'face-not-detected',
      recoverable: true,
      message: 'The liveness service found no face in the image.',
    });
  });

  it('"Invalid base64 string" is invalid-image, recoverable (a new photo may decode)', async () => {
    const outcome = await failureOf(parseLivenessResponse(respond('{"success":false,"message":"Invalid base64 string"}'), 0.55));
    assert.deepEqual(outcome, {
      code: 'invalid-image',
      recoverable: true,
      message: 'The liveness service could not decode the image.',
    });
  });

  it('any other success:false is rejected, recoverable, quoting the reason on one line', async () => {
    const outcome = await failureOf(parseLivenessResponse(respond('{"success":false,"message":"too many\\nfaces"}'), 0.55));
    assert.deepEqual(outcome, {
      code: 'rejected',
      message: 'The liveness service rejected the image: "too many faces".',
      recoverable: true,
    });
  });

  it('quotes a reason with its runs of white space as single spaces, trimmed, cut after 200 characters', async () => {
    const messageFor = async (reason: unknown) => {
      const outcome = await failureOf(parseLivenessResponse(respond(JSON.stringify({ success: false, message: reason })), 0.55));
      return outcome.message;
    };
    assert.equal(await messageFor(' too \t many\n\n faces '), 'The liveness service rejected the image: "too many faces".');
    assert.equal(await messageFor('x'.repeat(200)), `The liveness service rejected the image: "${'x'.repeat(200)}".`);
    assert.equal(await messageFor('x'.repeat(201)), `The liveness service rejected the image: "${'x'.repeat(200)}…".`);
  });

  it('is rejected without a reason when the message is missing, blank or not a string', async () => {
    for (const body of ['{"success":false}', '{"success":false,"message":" \\n "}', '{"success":false,"message":42}']) {
      const outcome = await failureOf(parseLivenessResponse(respond(body), 0.55));
      assert.deepEqual(
        outcome,
        { code: 'rejected', message: 'The liveness service rejected the image without a reason.', recoverable: true },
        body,
      );
    }
  });
});

describe('parseLivenessResponse: answers that are not the API', () => {
  const ok = { pred_idx: 'real', prob_real: 0.9 };
  // Each with the message that says what was wrong, so a log line is enough to find the cause.
  const cases: [name: string, body: string, message: RegExp][] = [
    ['an empty body', '', /answered with an empty body/],
    ['a body of white space only', ' \n\t', /answered with an empty body/],
    ['text that is not JSON', 'Process finished successfully', /answer is not JSON\.$/],
    ['an HTML page', '<!doctype html><html><body>Welcome to the shop</body></html>', /HTML page instead of JSON/],
    ['an HTML page after white space', '\n  <html><body>Welcome</body></html>', /HTML page instead of JSON/],
    ['a JSON array', '[]', /not a JSON object/],
    ['JSON null', 'null', /not a JSON object/],
    ['no model_output', '{"success":true,"message":"Process finished successfully"}', /no `model_output` object/],
    ['model_output that is not an object', JSON.stringify({ success: true, model_output: 'real' }), /no `model_output` object/],
    ['prob_real as a string', JSON.stringify({ success: true, model_output: { ...ok, prob_real: '0.9' } }), /`prob_real` is not a number/],
    ['prob_real overflowing to Infinity', '{"success":true,"model_output":{"pred_idx":"real","prob_real":1e999}}', /`prob_real`/],
    ['prob_real below 0', JSON.stringify({ success: true, model_output: { ...ok, prob_real: -0.1 } }), /`prob_real`/],
    ['prob_real above 1', JSON.stringify({ success: true, model_output: { ...ok, prob_real: 1.1 } }), /`prob_real`/],
    ['no prob_real', JSON.stringify({ success: true, model_output: { pred_idx: 'real' } }), /`prob_real`/],
    ['no pred_idx', JSON.stringify({ success: true, model_output: { prob_real: 0.9 } }), /`pred_idx` is neither/],
    ['pred_idx "maybe"', JSON.stringify({ success: true, model_output: { ...ok, pred_idx: 'maybe' } }), /`pred_idx`/],
    [
      'pred_idx spoof with a live score',
      JSON.stringify({ success: true, model_output: { ...ok, pred_idx: 'spoof' } }),
      /a spoof with a score above/,
    ],
    ['success as the string "true"', JSON.stringify({ success: 'true', model_output: ok }), /no boolean `success`/],
    ['no success at all', JSON.stringify({ model_output: ok }), /no boolean `success`/],
    [
      'a verdict that is not a token',
      JSON.stringify({ success: true, model_output: ok, verdict: 'signed' }),
      /`verdict` is not a signed token/,
    ],
    ['a verdict object', JSON.stringify({ success: true, model_output: ok, verdict: { live: true } }), /`verdict` is not a signed token/],
    [
      'an answer over the size cap',
      JSON.stringify({ success: true, model_output: ok, pad: 'x'.repeat(MAX_ANSWER_BYTES) }),
      new RegExp(`larger than ${MAX_ANSWER_BYTES} bytes`),
    ],
  ];
  for (const [name, body, message] of cases) {
    it(`${name} is bad-response`, async () => {
      const outcome = await failureOf(parseLivenessResponse(respond(body), 0.55));
      assert.deepEqual({ ...outcome, message: undefined }, { code: 'bad-response', recoverable: false, message: undefined });
      assert.match(outcome.message, message);
    });
  }

  it('points at the proxy URL for an HTML page, without echoing it', async () => {
    const outcome = await failureOf(parseLivenessResponse(respond('<html><body>Secret admin page</body></html>', 200, 'text/html'), 0.55));
    const { message } = outcome;
    assert.match(message, /HTML/);
    assert.doesNotMatch(message, /Secret|</);
  });
});

describe('parseLivenessResponse: HTTP errors', () => {
  const cases: [status: number, code: string, recoverable: boolean][] = [
    [413, 'payload-too-large', false],
    [500, 'http-error', true],
    [503, 'http-error', true],
    [429, 'http-error', true],
    [404, 'http-error', false],
    [400, 'http-error', false],
  ];
  for (const [status, code, recoverable] of cases) {
    it(`${status} is ${code}, ${recoverable ? '' : 'not '}recoverable, with its status`, async () => {
      const outcome = await failureOf(parseLivenessResponse(respond('{}', status), 0.55));
      assert.deepEqual({ ...outcome, message: undefined }, { code, recoverable, status, message: undefined });
      assert.match(outcome.message, new RegExp(`HTTP ${status}`));
    });
  }

  it('429 attempts-exhausted is attempts-exhausted, not recoverable by Retry', async () => {
    const body = JSON.stringify({ success: false, error: { code: 'attempts-exhausted', message: 'no attempts left for now' } });
    const outcome = await failureOf(parseLivenessResponse(respond(body, 429), 0.55));
    assert.deepEqual(
      { ...outcome, message: undefined },
      { code: 'attempts-exhausted', recoverable: false, status: 429, message: undefined },
    );
    const elsewhere = await failureOf(parseLivenessResponse(respond(body, 400), 0.55));
    assert.equal(elsewhere.code, 'http-error', 'only with its own status');
  });

  it("quotes the proxy's JSON error.message", async () => {
    const body = JSON.stringify({ success: false, error: { code: 'upstream-unavailable', message: 'Upstream did not answer.' } });
    const outcome = await failureOf(parseLivenessResponse(respond(body, 502), 0.55));
    assert.equal(outcome.message, 'The liveness proxy answered HTTP 502: "Upstream did not answer.".');
  });

  it('never echoes an HTML error page', async () => {
    const outcome = await failureOf(parseLivenessResponse(respond('<h1>nginx: 500 Internal Server Error</h1>', 500, 'text/html'), 0.55));
    assert.equal(outcome.message, 'The liveness proxy answered HTTP 500.');
  });
});

describe('parseLivenessResponse: failures while reading the body', () => {
  /** An answer whose body stream errors with `reason` after the first chunk. */
  const failingBody = (reason: unknown, status = 200) =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"success":'));
          controller.error(reason);
        },
      }),
      { status },
    );

  it('is timeout when the deadline cut the body short', async () => {
    const outcome = await failureOf(parseLivenessResponse(failingBody(new DOMException('late', 'TimeoutError')), 0.55));
    assert.deepEqual(outcome, {
      code: 'timeout',
      recoverable: true,
      message: 'The liveness service did not finish its answer in time.',
    });
  });

  it('is network when the connection broke', async () => {
    const outcome = await failureOf(parseLivenessResponse(failingBody(new TypeError('terminated')), 0.55));
    assert.deepEqual(outcome, {
      code: 'network',
      recoverable: true,
      message: "The connection failed while reading the liveness service's answer.",
    });
  });

  it("rejects with the caller's AbortError so the caller can stay silent", async () => {
    const abort = new DOMException('stopped', 'AbortError');
    await assert.rejects(parseLivenessResponse(failingBody(abort), 0.55), (error) => error === abort);
  });

  it("rejects with the caller's AbortError while reading an error status's body too; other failures there lose only the detail", async () => {
    const abort = new DOMException('stopped', 'AbortError');
    await assert.rejects(parseLivenessResponse(failingBody(abort, 502), 0.55), (error) => error === abort);
    const outcome = await failureOf(parseLivenessResponse(failingBody(new TypeError('terminated'), 502), 0.55));
    assert.deepEqual(outcome, {
      code: 'http-error',
      recoverable: true,
      status: 502,
      message: 'The liveness proxy answered HTTP 502.',
    });
  });
});
