import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canTransition, checkTransition, INITIAL_STATE, LIVENESS_FLOW } from '../../../src/flow/liveness-flow.js';
import type { LivenessState } from '../../../src/types.js';
import { docPage } from '../../support/doc-snippets.js';

const STATES = Object.keys(LIVENESS_FLOW) as LivenessState[];
const ACTIVE: LivenessState[] = ['starting', 'searching', 'holding', 'assisting', 'capturing', 'verifying'];

/** The diagram in docs/element.md: every transition of the table except returns to idle (any state) and self-loops, which the page states in words. */
function diagram(): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${INITIAL_STATE}`];
  for (const from of STATES) {
    for (const to of LIVENESS_FLOW[from].next) if (to !== 'idle' && to !== from) lines.push(`  ${from} --> ${to}`);
  }
  return lines.join('\n');
}

describe('the liveness flow table', () => {
  it('has the ten states, starting at idle', () => {
    assert.deepEqual(STATES, [
      'idle',
      'starting',
      'searching',
      'holding',
      'assisting',
      'capturing',
      'verifying',
      'confirmed',
      'failed',
      'error',
    ]);
    assert.equal(INITIAL_STATE, 'idle');
  });

  it('marks exactly the attempt states active', () => {
    assert.deepEqual(
      STATES.filter((state) => LIVENESS_FLOW[state].active),
      ACTIVE,
    );
  });

  it('shows the preview from starting to capturing, and the guide only over it while the face is judged', () => {
    assert.deepEqual(
      STATES.filter((state) => LIVENESS_FLOW[state].preview),
      ['starting', 'searching', 'holding', 'assisting', 'capturing'],
    );
    assert.deepEqual(
      STATES.filter((state) => LIVENESS_FLOW[state].guide),
      ['searching', 'holding', 'assisting', 'capturing'],
    );
  });

  it('lets stop() return every state to idle, and every attempt state end in an error', () => {
    for (const state of STATES.filter((candidate) => candidate !== 'idle')) assert.ok(canTransition(state, 'idle'), state);
    for (const state of ACTIVE) assert.ok(canTransition(state, 'error'), state);
  });

  it('runs an attempt forward only: nothing skips the camera, the capture or the verdict', () => {
    assert.deepEqual(LIVENESS_FLOW.idle.next, ['starting', 'error']);
    assert.equal(canTransition('idle', 'searching'), false);
    assert.equal(canTransition('starting', 'capturing'), false);
    assert.equal(canTransition('searching', 'verifying'), false);
    assert.equal(canTransition('holding', 'confirmed'), false);
    assert.equal(canTransition('capturing', 'confirmed'), false);
    assert.equal(canTransition('verifying', 'searching'), false);
    assert.equal(canTransition('starting', 'assisting'), false);
    assert.equal(canTransition('assisting', 'verifying'), false);
    for (const done of ['confirmed', 'failed', 'error'] as const) {
      assert.deepEqual([...LIVENESS_FLOW[done].next].sort(), ['error', 'idle', 'starting'], done);
    }
  });

  it('names only known states as successors, and reaches every state from idle', () => {
    for (const state of STATES) for (const next of LIVENESS_FLOW[state].next) assert.ok(STATES.includes(next), `${state} → ${next}`);
    const reached = new Set<LivenessState>([INITIAL_STATE]);
    for (let grew = true; grew;) {
      grew = false;
      for (const state of [...reached]) {
        for (const next of LIVENESS_FLOW[state].next) if (!reached.has(next)) grew = reached.add(next) !== undefined;
      }
    }
    assert.deepEqual([...reached].sort(), [...STATES].sort());
  });

  it('offers help only after searching, and never goes back to plain searching once it has', () => {
    assert.deepEqual(
      STATES.filter((state) => canTransition(state, 'assisting')),
      ['searching', 'holding', 'assisting'],
    );
    assert.equal(canTransition('assisting', 'searching'), false);
    assert.ok(canTransition('assisting', 'holding') && canTransition('holding', 'assisting'), 'a hold may still complete');
    assert.ok(canTransition('assisting', 'capturing'), 'the manual capture');
    assert.ok(canTransition('assisting', 'error'), 'the search timeout');
  });

  it('throws on an illegal transition, naming both states', () => {
    assert.throws(() => checkTransition('idle', 'confirmed'), /illegal state transition idle → confirmed/);
    assert.doesNotThrow(() => checkTransition('holding', 'capturing'));
  });

  it('matches the diagram in docs/element.md', () => {
    const page = docPage('docs/element.md');
    const block = /<!-- flow:start -->\s*```mermaid\n([\s\S]*?)\n```\s*<!-- flow:end -->/.exec(page);
    assert.ok(block, 'docs/element.md has the flow diagram between <!-- flow:start --> and <!-- flow:end -->');
    assert.equal(block[1], diagram());
  });
});
