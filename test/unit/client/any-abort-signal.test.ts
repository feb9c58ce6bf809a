import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anyAbortSignal, combineAbortSignals } from '../../../src/client/any-abort-signal.js';

// The fallback is what older Safari runs; Node has AbortSignal.any, so test both paths alike.
for (const [name, combine] of [
  ['anyAbortSignal', anyAbortSignal],
  ['combineAbortSignals', combineAbortSignals],
] as const) {
  describe(name, () => {
    it('aborts with the reason of whichever input aborts', () => {
      const first = new AbortController();
      const second = new AbortController();
      const combined = combine([first.signal, second.signal]);
      assert.equal(combined.aborted, false);
      second.abort('second went first');
      assert.equal(combined.aborted, true);
      assert.equal(combined.reason, 'second went first');
      first.abort('too late');
      assert.equal(combined.reason, 'second went first');
    });

    it('is aborted at once when an input already is', () => {
      const combined = combine([new AbortController().signal, AbortSignal.abort('done')]);
      assert.equal(combined.aborted, true);
      assert.equal(combined.reason, 'done');
    });
  });
}
