import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createByteBudget } from '../../src/proxy/limits/byte-budget.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('createByteBudget', () => {
  it('lets leases grow up to the limit for all clients together, and refuses (taking nothing) past it', () => {
    const budget = createByteBudget(100, 100);
    const first = budget.lease('a');
    const second = budget.lease('b');
    assert.equal(first.holdUpTo(60), true);
    assert.equal(second.holdUpTo(41), false, 'would pass the limit');
    assert.equal(second.holdUpTo(40), true, 'the refusal took nothing');
    assert.equal(first.holdUpTo(61), false);
    assert.equal(first.holdUpTo(50), true, 'a total it already holds');
  });

  it('holds one client’s leases together to its share, while another client still gets bytes', () => {
    const budget = createByteBudget(100, 30);
    const [one, two] = [budget.lease('a'), budget.lease('a')];
    assert.equal(one.holdUpTo(20), true);
    assert.equal(two.holdUpTo(11), false, 'client a would hold 31');
    assert.equal(two.holdUpTo(10), true);
    assert.equal(budget.lease('b').holdUpTo(30), true);
  });

  it('gives back everything a lease holds on release, to the budget and to its client', () => {
    const budget = createByteBudget(50, 30);
    const lease = budget.lease('a');
    assert.equal(lease.holdUpTo(10), true);
    assert.equal(lease.holdUpTo(30), true);
    lease.release();
    assert.equal(budget.lease('a').holdUpTo(30), true, 'the client’s share is whole again');
    assert.equal(budget.lease('b').holdUpTo(20), true, 'and the budget: 30 + 20 = 50');
    assert.equal(budget.lease('c').holdUpTo(1), false);
  });

  it('gives nothing back for a smaller total: what a lease holds only shrinks on release', () => {
    const budget = createByteBudget(100, 100);
    const lease = budget.lease('a');
    assert.equal(lease.holdUpTo(100), true);
    assert.equal(lease.holdUpTo(40), true);
    assert.equal(lease.holdUpTo(100), true, 'still within what it holds');
    assert.equal(budget.lease('b').holdUpTo(1), false, 'the budget is still all taken');
  });

  it('keeps no trace of a client once its leases are released (the map holds only clients with bytes in flight)', () => {
    const budget = createByteBudget(1_000_000, 1_000);
    const heapAfterGc = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heapAfterGc();
    for (let client = 0; client < 300_000; client++) {
      const lease = budget.lease(`client-${client}`);
      lease.holdUpTo(10);
      lease.release();
    }
    const grown = heapAfterGc() - before;
    // 300 000 leftover entries would hold over 20 MB; none leave a few hundred kB of noise.
    assert.ok(grown < 5_000_000, `heap grew by ${grown} bytes`);
    assert.equal(budget.lease('last').holdUpTo(1_000), true, 'the budget is still in use here, so it was measured');
  });
});
