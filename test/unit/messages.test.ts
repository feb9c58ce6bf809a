import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MESSAGES } from '../../src/messages.js';
import type { LivenessErrorCode } from '../../src/types.js';

/**
 * The codes the element can raise as not recoverable (no Retry on their screen, the way out instead): those of
 * FINAL_ERRORS in errors.ts, an HTTP 413 or other 4xx, an answer that breaks the contract, no attempts left.
 */
const MAY_BE_FINAL: readonly LivenessErrorCode[] = [
  'config',
  'insecure-context',
  'unsupported-browser',
  'payload-too-large',
  'http-error',
  'bad-response',
  'attempts-exhausted',
];

describe('DEFAULT_MESSAGES', () => {
  it('never tells people to try again where the screen may have no Retry (no dead ends)', () => {
    for (const code of MAY_BE_FINAL) assert.doesNotMatch(DEFAULT_MESSAGES[code], /try again|retry/i, code);
  });

  it('names no attribute or other jargon in the configuration error people read', () => {
    assert.doesNotMatch(DEFAULT_MESSAGES.config, /proxy-url|attribute|[a-z]+-[a-z]+/);
  });
});
