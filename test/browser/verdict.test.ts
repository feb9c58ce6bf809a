// Capture → proxy → verdict with the centred feed, against the test server's stub liveness API. Fail closed:
// anything but a well-formed live/spoof answer is a liveness-error with its code and never a verdict event.
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import {
  answerWithVerdict,
  apiAnswer,
  cleanup,
  mountLivenessCheck,
  recordEvents,
  stubLivenessApi,
  waitForEvent,
  waitForState,
  type StubAnswer,
  preparePage,
} from '../support/browser-helpers.js';

const OUTCOME_EVENTS = ['liveness-confirmed', 'liveness-failed', 'liveness-error'];

/** Runs one attempt against `answers`; resolves with the outcome event and everything the element sent and fired. */
async function attempt(answers: StubAnswer[], attributes: Record<string, string> = {}) {
  const stub = await stubLivenessApi(...answers);
  const element = mountLivenessCheck({ 'proxy-url': stub.proxyUrl, 'hold-ms': '150', ...attributes });
  const events = recordEvents(element);
  const outcome = Promise.race(OUTCOME_EVENTS.map((type) => waitForEvent<any>(element, type).then((detail) => ({ type, detail }))));
  await element.start();
  const result = await outcome;
  return { ...result, element, events, requests: await stub.requests() };
}

function verdictEvents(events: Array<{ type: string }>) {
  return events.filter((e) => e.type === 'liveness-confirmed' || e.type === 'liveness-failed');
}

describe('verdicts', () => {
  before(preparePage);
  afterEach(cleanup);

  it('confirms a live answer above the threshold, with score, threshold, endpoint, predIdx and attemptId', async () => {
    const { type, detail, events, element } = await attempt([apiAnswer(0.9)]);
    expect(type).to.equal('liveness-confirmed');
    expect(detail).to.deep.include({ score: 0.9, threshold: 0.55, endpoint: 'antispoofing', predIdx: 'real', mode: 'live' });
    const attemptIds = new Set(events.map((e) => e.detail.attemptId).filter(Boolean));
    expect([...attemptIds]).to.deep.equal([detail.attemptId]);
    expect(element.state).to.equal('confirmed');
  });

  it('fails a spoof answer', async () => {
    const { type, detail } = await attempt([apiAnswer(0.1)]);
    expect(type).to.equal('liveness-failed');
    expect(detail).to.deep.include({ score: 0.1, predIdx: 'spoof' });
  });

  it('fails a score equal to the threshold (live is strictly greater)', async () => {
    const { type } = await attempt([apiAnswer(0.55, 'real')]);
    expect(type).to.equal('liveness-failed');
  });

  it('uses 0.50 on robust and 0.55 on antispoofing: 0.52 passes only on robust', async () => {
    const robust = await attempt([apiAnswer(0.52, 'real')], { endpoint: 'robust' });
    expect([robust.type, robust.detail.threshold, robust.detail.endpoint]).to.deep.equal(['liveness-confirmed', 0.5, 'robust']);
    expect(robust.requests[0].path).to.match(/\/robust$/);
    cleanup();
    const antispoofing = await attempt([apiAnswer(0.52, 'real')]);
    expect([antispoofing.type, antispoofing.detail.threshold]).to.deep.equal(['liveness-failed', 0.55]);
    expect(antispoofing.requests[0].path).to.match(/\/antispoofing$/);
  });

  it('lets an explicit threshold override the endpoint default', async () => {
    const { type, detail } = await attempt([apiAnswer(0.9)], { threshold: '0.95', endpoint: 'robust' });
    expect([type, detail.threshold]).to.deep.equal(['liveness-failed', 0.95]);
  });

  it('passes a proxy-signed verdict through untouched', async () => {
    const { verdict, answer } = answerWithVerdict(0.9);
    const { type, detail } = await attempt([answer]);
    expect(type).to.equal('liveness-confirmed');
    expect(detail.verdict).to.deep.equal(verdict);
  });

  it('shows a sandbox answer as a sandbox, never as "Verified", and says so in the detail', async () => {
    const { answer } = answerWithVerdict(0.97, 'sandbox');
    const { type, detail, element } = await attempt([answer]);
    expect([type, detail.mode]).to.deep.equal(['liveness-confirmed', 'sandbox']);
    await element.updateComplete;
    const shown = element.shadowRoot!.querySelector('.outcome')!.textContent.trim();
    expect(shown).to.equal('Sandbox — no liveness model ran');
    expect(element.shadowRoot!.textContent).not.to.contain('Verified');
  });

  describe('fails closed', () => {
    const cases: Array<[string, StubAnswer, string]> = [
      ['face not detected', { body: '{"success":false,"message":"face not detected"}' }, 'face-not-detected'],
      ['invalid base64', { body: '{"success":false,"message":"Invalid base64 string"}' }, 'invalid-image'],
      ['another success:false', { body: '{"success":false,"message":"quota exceeded"}' }, 'rejected'],
      ['413', { status: 413, body: '{"message":"Request Entity Too Large"}' }, 'payload-too-large'],
      ['500', { status: 500, body: '{"message":"boom"}' }, 'http-error'],
      ['non-JSON', { body: 'not json', contentType: 'text/plain' }, 'bad-response'],
      ['HTML', { body: '<html><body>Gateway</body></html>', contentType: 'text/html' }, 'bad-response'],
      ['missing model_output', { body: '{"success":true,"message":"ok"}' }, 'bad-response'],
      ['prob_real as a string', { body: '{"success":true,"model_output":{"pred_idx":"real","prob_real":"0.9"}}' }, 'bad-response'],
      ['prob_real below 0', { body: '{"success":true,"model_output":{"pred_idx":"real","prob_real":-0.1}}' }, 'bad-response'],
      ['prob_real above 1', { body: '{"success":true,"model_output":{"pred_idx":"real","prob_real":1.1}}' }, 'bad-response'],
      [
        'prob_real overflowing to Infinity',
        { body: '{"success":true,"model_output":{"pred_idx":"real","prob_real":1e999}}' },
        'bad-response',
      ],
      ['missing pred_idx', { body: '{"success":true,"model_output":{"prob_real":0.9}}' }, 'bad-response'],
      ['success as a string', { body: '{"success":"true","model_output":{"pred_idx":"real","prob_real":0.9}}' }, 'bad-response'],
      [
        'pred_idx spoof with a live score',
        { body: '{"success":true,"model_output":{"pred_idx":"spoof","prob_real":0.9}}' },
        'bad-response',
      ],
    ];
    for (const [name, answer, code] of cases) {
      it(`${name} → ${code}`, async () => {
        const { type, detail, events, requests } = await attempt([answer]);
        expect(type).to.equal('liveness-error');
        expect(detail.code).to.equal(code);
        expect(detail.attemptId).to.be.a('string');
        expect(verdictEvents(events)).to.have.length(0);
        expect(requests).to.have.length(1);
      });
    }
  });

  it('retries a 502 once, then confirms', async () => {
    const { type, requests } = await attempt([{ status: 502, body: '{}' }, apiAnswer(0.9)]);
    expect(type).to.equal('liveness-confirmed');
    expect(requests).to.have.length(2);
  });

  it('never retries a 400', async () => {
    const { type, detail, requests } = await attempt([{ status: 400, body: '{}' }, apiAnswer(0.9)]);
    expect([type, detail.code, detail.status]).to.deep.equal(['liveness-error', 'http-error', 400]);
    expect(requests).to.have.length(1);
  });

  it('times out after timeout-ms without retrying', async () => {
    const { detail, requests } = await attempt([{ ...apiAnswer(0.9), delayMs: 3000 }], { 'timeout-ms': '400' });
    expect(detail.code).to.equal('timeout');
    expect(requests).to.have.length(1);
  });

  it('aborts the request in flight on removal and emits nothing after', async () => {
    const stub = await stubLivenessApi({ ...apiAnswer(0.9), delayMs: 1500 });
    const element = mountLivenessCheck({ 'proxy-url': stub.proxyUrl, 'hold-ms': '150' });
    const events = recordEvents(element);
    const verifying = waitForState(element, 'verifying');
    await element.start();
    await verifying;
    const firedBeforeRemoval = events.length;
    element.remove();
    // The removal itself returns the element to idle (announced, like stop()); the aborted request adds nothing.
    expect(events.slice(firedBeforeRemoval).map((e) => `${e.type}:${e.detail.state}`)).to.deep.equal(['liveness-state:idle']);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(events).to.have.length(firedBeforeRemoval + 1);
  });

  it('reports a byte budget nothing fits as payload-too-large, with the encoder error as cause, sending nothing', async () => {
    const { type, detail, requests } = await attempt([apiAnswer(0.9)], { 'max-bytes': '2000' });
    expect([type, detail.code, detail.recoverable]).to.deep.equal(['liveness-error', 'payload-too-large', true]);
    expect(detail.cause).to.be.instanceOf(Error);
    expect(detail.cause.name).to.equal('JpegBudgetError');
    expect(requests).to.have.length(0);
  });

  it('reports any other encoder failure as capture-failed, not payload-too-large, with its cause', async () => {
    // A browser without JPEG support hands back a PNG instead.
    const canvases = [globalThis.OffscreenCanvas?.prototype, HTMLCanvasElement.prototype] as const;
    const originals = [canvases[0]?.convertToBlob, canvases[1].toBlob] as const;
    if (canvases[0]) canvases[0].convertToBlob = () => Promise.resolve(new Blob(['png'], { type: 'image/png' }));
    canvases[1].toBlob = (callback) => callback(new Blob(['png'], { type: 'image/png' }));
    try {
      const { type, detail, requests } = await attempt([apiAnswer(0.9)]);
      expect([type, detail.code]).to.deep.equal(['liveness-error', 'capture-failed']);
      expect(detail.cause).to.be.instanceOf(Error);
      expect(detail.cause.message).to.contain('JPEG');
      expect(requests).to.have.length(0);
    } finally {
      if (canvases[0]) canvases[0].convertToBlob = originals[0]!;
      canvases[1].toBlob = originals[1];
    }
  });

  it('refuses unusable sizes and timeouts as config errors before opening the camera', async () => {
    const unusable: Record<string, string>[] = [
      { 'max-image-size': '0' },
      { 'max-bytes': '-1' },
      { 'timeout-ms': 'soon' },
      { endpoint: 'fast' },
      { threshold: '1.5' },
    ];
    for (const attributes of unusable) {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', ...attributes });
      const error = waitForEvent<any>(element, 'liveness-error');
      await element.start();
      expect((await error).code, JSON.stringify(attributes)).to.equal('config');
      expect(element.state).to.equal('error');
      cleanup();
    }
  });

  it('sends one POST of {"data": base64 JPEG, "capture": report} within max-bytes, longest side ≤ max-image-size', async () => {
    const { requests, events } = await attempt([apiAnswer(0.9)], { 'max-bytes': '150000' });
    expect(requests).to.have.length(1);
    const [request] = requests;
    expect(request.method).to.equal('POST');
    expect(request.headers['content-type']).to.equal('application/json');
    const body = JSON.parse(request.body);
    expect(Object.keys(body)).to.deep.equal(['data', 'capture']);
    expect(body.data)
      .to.be.a('string')
      .and.not.match(/^data:/);
    const jpeg = Uint8Array.from(atob(body.data), (c) => c.charCodeAt(0));
    expect([jpeg[0], jpeg[1]]).to.deep.equal([0xff, 0xd8]);
    expect([jpeg[jpeg.length - 2], jpeg[jpeg.length - 1]]).to.deep.equal([0xff, 0xd9]);
    expect(jpeg.length).to.be.at.most(150000);
    const bitmap = await createImageBitmap(new Blob([jpeg], { type: 'image/jpeg' }));
    expect(Math.max(bitmap.width, bitmap.height)).to.be.at.most(1280);
    const capture = events.find((e) => e.type === 'liveness-capture')!.detail;
    expect([capture.width, capture.height, capture.bytes]).to.deep.equal([bitmap.width, bitmap.height, jpeg.length]);
    expect(body.capture).to.deep.equal(capture.capture);
  });
});
