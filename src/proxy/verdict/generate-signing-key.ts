/** A fresh key pair for `signingKey`, as JWKs: what `npx liveness-check keygen` prints. */

import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { AsymmetricAlgorithm } from './verdict-signer.js';

export interface GeneratedSigningKey {
  /** For the proxy's `signingKey`: keep it secret (an environment variable, a secret manager). */
  privateJwk: JWK;
  /** What backends verify with (the proxy also serves it at `{basePath}/jwks.json`). */
  publicJwk: JWK;
}

/** An Ed25519 (EdDSA, default) or P-256 (ES256) pair; the `kid` is the public key's RFC 7638 thumbprint. */
export async function generateSigningKey(alg: AsymmetricAlgorithm = 'EdDSA'): Promise<GeneratedSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const described = { kid, alg, use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...described }, publicJwk: { ...publicJwk, ...described } };
}
