import assert from 'node:assert/strict';
import { LivenessError } from '../../../src/errors.js';

/** What `pending` failed with, which must be a {@link LivenessError}, as the plain fields tests compare (no cause). */
export async function failureOf(
  pending: Promise<unknown>,
): Promise<{ code: string; message: string; recoverable: boolean; status?: number }> {
  try {
    await pending;
  } catch (error) {
    assert.ok(error instanceof LivenessError, `a LivenessError, not ${String(error)}`);
    const { code, message, recoverable, status } = error;
    return { code, message, recoverable, ...(status === undefined ? {} : { status }) };
  }
  assert.fail('resolved; a LivenessError was expected');
}
