/** The image fingerprint a verdict carries: how the proxy names the image it had judged, and the backend checks it. */

import { encodeBase64Url } from './base64.js';

/** SHA-256 of `bytes`, base64url without padding (43 characters). */
export async function sha256Base64Url(bytes: BufferSource): Promise<string> {
  return encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}
