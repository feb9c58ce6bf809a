// `npx liveness-check keygen [--alg EdDSA|ES256]`: a signing key pair for the proxy, printed with where each half goes.
import { exportSPKI, importJWK } from 'jose';
import { generateSigningKey } from '../proxy/verdict/generate-signing-key.js';
import { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm } from '../proxy/verdict/verdict-signer.js';

const USAGE = `Usage: npx liveness-check keygen [--alg EdDSA|ES256]

Prints a fresh private JWK for the proxy's signingKey (EdDSA with Ed25519 unless --alg ES256) and its public key.`;

async function keygen(alg: AsymmetricAlgorithm): Promise<string> {
  const { privateJwk, publicJwk } = await generateSigningKey(alg);
  const pem = await exportSPKI((await importJWK(publicJwk, alg, { extractable: true })) as CryptoKey);
  return [
    "# Private key: the proxy's signingKey, e.g. createLivenessProxy({ signingKey: JSON.parse(process.env.LIVENESS_SIGNING_KEY) }).",
    '# Keep it secret (your secret manager or the server environment), never in the browser or in git.',
    `LIVENESS_SIGNING_KEY=${JSON.stringify(privateJwk)}`,
    '',
    '# Public key: what backends verify with. The proxy serves it at {basePath}/jwks.json; here as a JWK…',
    JSON.stringify(publicJwk),
    '',
    '# …and as PEM (SPKI), for libraries and tools that read key files:',
    pem.trim(),
    '',
  ].join('\n');
}

async function main(args: string[]): Promise<number> {
  const [command, ...options] = args;
  if (command !== 'keygen' || (options.length > 0 && (options.length !== 2 || options[0] !== '--alg'))) {
    console.error(USAGE);
    return command === undefined || command === '--help' ? 0 : 2;
  }
  const alg = options[1] ?? 'EdDSA';
  if (!ASYMMETRIC_ALGORITHMS.includes(alg as AsymmetricAlgorithm)) {
    console.error(`liveness-check keygen: --alg must be ${ASYMMETRIC_ALGORITHMS.join(' or ')}`);
    return 2;
  }
  process.stdout.write(await keygen(alg as AsymmetricAlgorithm));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
