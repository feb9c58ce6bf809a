// `npx liveness-check keygen`: a key pair the proxy signs with and a backend verifies with, as printed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { decodeProtectedHeader, type JWK } from 'jose';
import { createLivenessProxy, verifyVerdict } from '../../src/proxy/index.js';

const CLI = new URL('../../src/cli/liveness-check-cli.ts', import.meta.url).pathname;
const keygen = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });

function printedKeys(output: string): { privateJwk: JWK; publicJwk: JWK } {
  const privateJwk = JSON.parse(/^LIVENESS_SIGNING_KEY=(\{.*\})$/m.exec(output)![1]) as JWK;
  const publicJwk = JSON.parse(/^(\{"(?:crv|kty)".*\})$/m.exec(output)![1]) as JWK;
  return { privateJwk, publicJwk };
}

describe('liveness-check keygen', () => {
  for (const [args, alg, kty] of [
    [[], 'EdDSA', 'OKP'],
    [['--alg', 'ES256'], 'ES256', 'EC'],
  ] as const) {
    it(`prints a fresh ${alg} private JWK with a kid for signingKey, its public JWK and its PEM, saying where each goes`, async () => {
      const output = execFileSync(process.execPath, ['--import', 'tsx', CLI, 'keygen', ...args], { encoding: 'utf8' });
      const { privateJwk, publicJwk } = printedKeys(output);
      assert.match(output, /signingKey/);
      assert.match(output, /never in the browser or in git/);
      assert.match(output, /jwks\.json/);
      assert.match(output, /-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----/);
      assert.equal(privateJwk.kty, kty);
      assert.equal(privateJwk.alg, alg);
      assert.match(privateJwk.kid!, /^[\w-]{43}$/, 'the RFC 7638 thumbprint');
      assert.equal(publicJwk.kid, privateJwk.kid);
      assert.equal(publicJwk.d, undefined);
      const handler = createLivenessProxy({
        apiKey: 'k',
        signingKey: privateJwk,
        rateLimit: false,
        fetch: async () =>
          new Response(JSON.stringify({ success: true, message: 'ok', model_output: { pred_idx: 'real', prob_real: 0.9 } })),
      });
      const response = await handler(
        new Request('http://proxy.test/api/liveness/antispoofing', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ data: '/9j/4AAQ' }),
        }),
        { clientAddress: '192.0.2.1' },
      );
      const { verdict } = (await response.json()) as { verdict: string };
      assert.equal(decodeProtectedHeader(verdict).alg, alg);
      assert.equal((await verifyVerdict(verdict, { keys: publicJwk, withoutSubject: true })).valid, true);
    });
  }

  it('makes a new key each time', () => {
    const first = printedKeys(keygen('keygen').stdout).privateJwk;
    const second = printedKeys(keygen('keygen').stdout).privateJwk;
    assert.notEqual(first.d, second.d);
    assert.notEqual(first.kid, second.kid);
  });

  it('explains itself on --help and refuses what it does not know (exit 2)', () => {
    assert.equal(keygen('--help').status, 0);
    assert.match(keygen('--help').stderr, /Usage: npx liveness-check keygen/);
    for (const args of [['bogus'], ['keygen', '--alg', 'RS256'], ['keygen', '--alg'], ['keygen', 'extra']]) {
      const result = keygen(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stdout, '', 'no key printed');
    }
  });
});
