import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUpstreamResult } from '../../src/proxy/upstream/validate-upstream-response.js';

const LIVE = { success: true, message: 'Process finished successfully', model_output: { pred_idx: 'real', prob_real: 0.9 } };

describe('parseUpstreamResult', () => {
  it('rebuilds a verdict answer field by field, dropping the message and unknown fields', () => {
    const answer = { ...LIVE, extra: 'x', model_output: { ...LIVE.model_output, logits: [1, 2] } };
    assert.deepEqual(parseUpstreamResult(answer), { success: true, model_output: { pred_idx: 'real', prob_real: 0.9 } });
    assert.deepEqual(parseUpstreamResult({ ...LIVE, model_output: { pred_idx: 'spoof', prob_real: 0 } }), {
      success: true,
      model_output: { pred_idx: 'spoof', prob_real: 0 },
    });
  });

  it("keeps only the contract's two failure messages", () => {
    for (const message of ['face not detected', 'Invalid base64 string']) {
      assert.deepEqual(parseUpstreamResult({ success: false, message, extra: 1 }), { success: false, message });
    }
    assert.equal(parseUpstreamResult({ success: false, message: 'quota exceeded' }), null);
  });

  it('is null for anything else', () => {
    const { message: _message, ...withoutMessage } = LIVE;
    for (const body of [
      null,
      [],
      'text',
      withoutMessage,
      { ...LIVE, message: 1 },
      { ...LIVE, success: 'true' },
      { ...LIVE, success: undefined },
      { ...LIVE, model_output: null },
      { ...LIVE, model_output: [] },
      { ...LIVE, model_output: { pred_idx: 'maybe', prob_real: 0.9 } },
      { ...LIVE, model_output: { pred_idx: 'real', prob_real: 1.1 } },
      { ...LIVE, model_output: { pred_idx: 'real' } },
      { success: false },
    ]) {
      assert.equal(parseUpstreamResult(body), null, JSON.stringify(body));
    }
  });
});
