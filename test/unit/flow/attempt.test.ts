import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Attempt, AttemptEndedError } from '../../../src/flow/attempt.js';

describe('Attempt', () => {
  it('has a fresh id each time', () => {
    assert.notEqual(new Attempt().id, new Attempt().id);
    assert.match(new Attempt().id, /^[0-9a-f-]{32,36}$/);
  });

  it('passes a step through while it runs', async () => {
    const attempt = new Attempt();
    assert.equal(await attempt.step(Promise.resolve(42)), 42);
    await assert.rejects(attempt.step(Promise.reject(new RangeError('boom'))), RangeError);
  });

  it('ends once: aborts its signal, and a step that finishes afterwards is discarded and rejects', async () => {
    const attempt = new Attempt();
    let finish!: (value: string) => void;
    const step = attempt.step(new Promise<string>((resolve) => (finish = resolve)), (late) => discarded.push(late));
    const discarded: string[] = [];
    attempt.end();
    assert.equal(attempt.ended, true);
    assert.equal(attempt.signal.aborted, true);
    assert.ok(attempt.signal.reason instanceof AttemptEndedError);
    finish('stream');
    await assert.rejects(step, AttemptEndedError);
    assert.deepEqual(discarded, ['stream']);
  });

  it('reports a step that fails after the end as ended, not as its failure', async () => {
    const attempt = new Attempt();
    let fail!: (error: Error) => void;
    const step = attempt.step(new Promise((_, reject) => (fail = reject)));
    attempt.end();
    fail(new Error('aborted request'));
    await assert.rejects(step, AttemptEndedError);
  });
});
