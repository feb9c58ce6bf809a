/** The random and digest values a verdict carries, in the base64url its claims use. */

import { base64url } from 'jose';

/** 128 random bits: unguessable and practically collision-free. */
const JTI_BYTES = 16;

/** A fresh `jti`: 22 base64url characters. */
export function newVerdictId(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(JTI_BYTES)));
}

/** SHA-256 of `bytes`, base64url without padding (43 characters): how a verdict names the image it judged. */
export async function sha256Base64Url(bytes: BufferSource): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}
