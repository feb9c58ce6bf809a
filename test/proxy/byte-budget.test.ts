import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createByteBudget } from '../../src/proxy/limits/byte-budget.js';

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
});
