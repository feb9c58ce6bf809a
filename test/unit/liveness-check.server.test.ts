import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '../support/build-defines.js';
import type * as browserEntry from '../../src/element.js';
import * as standIn from '../../src/liveness-check.server.js';
import { DEFAULT_MESSAGES } from '../../src/messages.js';
import { VERSION } from '../../src/version.js';

// The type check holds the stand-in to the browser entry's runtime names (`typeof` a module lists its values only):
// a name added to one and not the other fails `npm run typecheck`.
type MissingOnServer = Exclude<keyof typeof browserEntry, keyof typeof standIn>;
type OnlyOnServer = Exclude<keyof typeof standIn, keyof typeof browserEntry>;
const sameNames: [MissingOnServer, OnlyOnServer] extends [never, never] ? true : false = true;
// …and its class to the element's documented static API.
const sameStatics: Pick<typeof browserEntry.LivenessCheck, 'version' | 'isSupported' | 'preload'> = standIn.LivenessCheck;

describe('liveness-check.server (the stand-in servers import)', () => {
  it('exports the runtime names of the browser entry', () => {
    assert.equal(sameNames, true);
    assert.deepEqual(Object.keys(standIn).sort(), [
      'AssetLoadError',
      'DEFAULT_GATE_THRESHOLDS',
      'DEFAULT_MESSAGES',
      'DEFAULT_THRESHOLDS',
      'LIVENESS_CHECK_TAG',
      'LivenessCheck',
      'defineLivenessCheck',
    ]);
  });

  it('shares the browser build constants and says the check cannot run here', () => {
    assert.equal(standIn.DEFAULT_MESSAGES, DEFAULT_MESSAGES);
    assert.equal(standIn.LIVENESS_CHECK_TAG, 'liveness-check');
    assert.equal(standIn.LivenessCheck.version, VERSION);
    assert.equal(sameStatics.isSupported(), false);
  });

  it('defines nothing, loads nothing and needs no DOM', async () => {
    assert.equal(standIn.defineLivenessCheck(), undefined);
    assert.equal(await standIn.LivenessCheck.preload(), undefined);
    assert.deepEqual(
      ['window', 'document', 'customElements', 'HTMLElement'].filter((name) => name in globalThis),
      [],
    );
  });
});
