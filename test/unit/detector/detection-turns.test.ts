import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectionTurns } from '../../../src/detector/detection-turns.js';

describe('detectionTurns', () => {
  it('lets a lone caller detect whenever nothing is in flight', () => {
    const turns = detectionTurns<string>(500);
    assert.equal(turns.claim('a', 0, false), true);
    assert.equal(turns.claim('a', 10, true), false);
    assert.equal(turns.claim('a', 20, false), true);
  });

  it('serves callers refused while busy in the order they were refused, so the first in the document cannot starve the rest', () => {
    const turns = detectionTurns<string>(500);
    assert.equal(turns.claim('a', 0, false), true);
    // a's detection is in flight: b and c ask for the same frame and wait in line.
    assert.equal(turns.claim('b', 1, true), false);
    assert.equal(turns.claim('c', 2, true), false);
    // The next frame: a asks first (its callbacks run first), but b is first in line.
    const order: string[] = [];
    let now = 70;
    for (let frame = 0; frame < 6; frame++, now += 70) {
      // Every caller asks on every frame, in document order; once one is served, its detection is in flight.
      let served: string | undefined;
      for (const [index, caller] of ['a', 'b', 'c'].entries()) {
        if (turns.claim(caller, now + index, served !== undefined)) served = caller;
      }
      order.push(served ?? '-');
    }
    assert.deepEqual(order, ['b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('keeps a waiting caller’s place while it keeps asking', () => {
    const turns = detectionTurns<string>(500);
    assert.equal(turns.claim('b', 0, true), false);
    assert.equal(turns.claim('c', 1, true), false);
    assert.equal(turns.claim('b', 2, true), false, 'asking again does not move b behind c');
    assert.equal(turns.claim('c', 3, false), false);
    assert.equal(turns.claim('b', 4, false), true);
  });

  it('drops a caller that stopped asking for longer than staleMs, so the others are not held up', () => {
    const turns = detectionTurns<string>(500);
    assert.equal(turns.claim('gone', 0, true), false);
    assert.equal(turns.claim('a', 500, false), false, 'gone asked 500 ms ago: still in line');
    assert.equal(turns.claim('a', 501, false), true, 'gone has been silent for over 500 ms');
  });
});
