/** The proxy's verdict signer: an asymmetric private JWK (published as a JWKS for any backend) or an HS256 secret. */

import { importJWK, SignJWT, type JWK } from 'jose';
import { VERDICT_TYPE, type LivenessVerdictClaims } from './verdict-claims.js';

/** Asymmetric algorithms, by key type: what a verdict's `alg` may be when the proxy signs with a private JWK. */
export const ASYMMETRIC_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

export interface VerdictSigner {
  /** The compact JWS of `claims`. */
  sign(claims: LivenessVerdictClaims): Promise<string>;
  /** The public keys a backend verifies with (the signing key's first), or `null` for HS256: nothing to publish. */
  readonly jwks: { keys: JWK[] } | null;
}

export interface VerdictSigningOptions {
  signingKey?: JWK;
  publishedKeys?: readonly JWK[];
  signingSecret?: string;
}

const MIN_SIGNING_SECRET_LENGTH = 32;
/** Printable ASCII, short: a `kid` travels in every token header and in URLs of key stores. */
const KID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** The algorithm a JWK's curve signs with, or `null` for any other key. */
function algorithmOf(jwk: JWK): AsymmetricAlgorithm | null {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  return null;
}

/**
 * The public half, member by member: nothing private can reach the JWKS, whatever else the JWK carries. It is only
 * ever sent as JSON, which leaves out an Ed25519 key's absent `y`.
 */
function publicJwk(jwk: JWK, alg: AsymmetricAlgorithm): JWK {
  const { kty, crv, x, y, kid } = jwk;
  return { kty, crv, x, y, kid, alg, use: 'sig' };
}

/** Checks one JWK's shape; returns its algorithm. `fail` throws. */
function checkJwk(name: string, jwk: unknown, isPrivate: boolean, fail: (message: string) => never): AsymmetricAlgorithm {
  const key = jwk as JWK | null;
  const alg = typeof key === 'object' && key !== null ? algorithmOf(key) : null;
  if (key === null || alg === null) fail(`${name} must be an Ed25519 (OKP) or P-256 (EC) JWK`);
  if (typeof key.kid !== 'string' || !KID_PATTERN.test(key.kid)) fail(`${name} must have a kid (npx liveness-check keygen makes one)`);
  if (key.alg !== undefined && key.alg !== alg) fail(`${name}.alg must be ${alg} for its curve`);
  if (typeof key.x !== 'string' || (alg === 'ES256' && typeof key.y !== 'string')) fail(`${name} lacks its public coordinates`);
  if (isPrivate !== (key.d !== undefined)) {
    fail(isPrivate ? `${name} must be a private JWK (with d)` : `${name} must hold public keys only`);
  }
  return alg;
}

function asymmetricSigner(signingKey: JWK, publishedKeys: readonly JWK[], fail: (message: string) => never): VerdictSigner {
  const alg = checkJwk('signingKey', signingKey, true, fail);
  if (!Array.isArray(publishedKeys)) fail('publishedKeys must be an array of public JWKs');
  const published = (publishedKeys as readonly JWK[]).map((jwk, index) =>
    publicJwk(jwk, checkJwk(`publishedKeys[${index}]`, jwk, false, fail)),
  );
  const keys = [publicJwk(signingKey, alg), ...published];
  if (new Set(keys.map((jwk) => jwk.kid)).size !== keys.length) fail('every published key needs a kid of its own');
  const privateKey = importJWK(signingKey, alg);
  // Surfaces at the first verdict (a 500, logged), not as an unhandled rejection before it.
  privateKey.catch(() => undefined);
  return {
    jwks: { keys },
    async sign(claims) {
      return new SignJWT({ ...claims }).setProtectedHeader({ alg, typ: VERDICT_TYPE, kid: signingKey.kid }).sign(await privateKey);
    },
  };
}

/** The signer the options ask for, or `null` when they ask for none. `fail` throws a `TypeError` naming the option. */
export function resolveVerdictSigner(
  { signingKey, publishedKeys, signingSecret }: VerdictSigningOptions,
  fail: (message: string) => never,
): VerdictSigner | null {
  if (signingKey !== undefined && signingSecret !== undefined) fail('signingKey and signingSecret are exclusive: which one signs?');
  if (signingKey !== undefined) return asymmetricSigner(signingKey, publishedKeys ?? [], fail);
  if (publishedKeys !== undefined) fail('publishedKeys go with a signingKey');
  if (signingSecret === undefined) return null;
  if (typeof signingSecret !== 'string' || signingSecret.length < MIN_SIGNING_SECRET_LENGTH) {
    fail(`signingSecret must be a string of at least ${MIN_SIGNING_SECRET_LENGTH} characters`);
  }
  const secret = new TextEncoder().encode(signingSecret);
  return {
    jwks: null,
    sign: (claims) => new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: VERDICT_TYPE }).sign(secret),
  };
}
