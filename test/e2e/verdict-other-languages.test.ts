// The backend snippets of docs/backend-verification.md, verbatim: Node (`verifyVerdict` from the packed package), Python (PyJWT) and Go
// (golang-jwt), each against verdicts from a running proxy that publishes its JWKS; Debian's `jwt` command (golang-jwt)
// checks the same tokens by their PEM key and an HS256 one by its secret. Each refuses a tampered token. The key pair
// is the packed package's `liveness-check keygen` output, used as printed.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { base64url, decodeJwt, SignJWT, type JWK } from 'jose';
import { createLivenessProxy, toNodeListener, type LivenessProxyHandler } from '../../src/proxy/index.js';
import { API_KEY, IMAGE_BASE64, LIVE_BODY, SIGNING_SECRET } from '../proxy/helpers.js';
import { extractPackage, packedTarball } from '../support/packed-package.js';
import { docSnippet } from '../support/doc-snippets.js';

const DIR = new URL('../../build/verdict-languages/', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3'; // Debian's, with python3-jwt: another python3 may come first on PATH
const SESSION = 'kyc-session-8f3a';
const SELFIE = Buffer.from(IMAGE_BASE64, 'base64');
/** What `liveness-check keygen` printed: the private JWK, the public JWK and the public PEM. */
const KEY = { privateJwk: {} as JWK, publicJwk: {} as JWK, pem: '' };

/** One judged image through `handler`: the verdict token. */
async function issue(handler: LivenessProxyHandler): Promise<string> {
  const response = await handler(
    new Request('http://127.0.0.1/api/liveness/antispoofing', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `session=${SESSION}` },
      body: JSON.stringify({ data: IMAGE_BASE64 }),
    }),
    { clientAddress: '127.0.0.1' },
  );
  const { verdict } = (await response.json()) as { verdict: string };
  return verdict;
}

/** The same token with one claim changed and the original signature kept. */
function tampered(token: string, change: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url.encode(JSON.stringify({ ...decodeJwt(token), ...change }))}.${signature}`;
}

const PYTHON_HARNESS = `import json, sys
import jwt
import verify_verdict
token, session, selfie_path = sys.argv[1:4]
used = set()
try:
    claims = verify_verdict.verify_verdict(token, session, open(selfie_path, "rb").read(), used)
    if len(sys.argv) > 4:
        verify_verdict.verify_verdict(token, session, open(selfie_path, "rb").read(), used)
    print(json.dumps({"valid": True, "live": claims["live"], "sub": claims["sub"]}))
except jwt.InvalidTokenError as error:
    print(json.dumps({"valid": False, "error": type(error).__name__, "message": str(error)}))
`;

const GO_HARNESS = `package main

import (
	"fmt"
	"os"

	"verdictcheck/verdict"
)

func main() {
	pem, _ := os.ReadFile(os.Args[2])
	selfie, _ := os.ReadFile(os.Args[4])
	claims, err := verdict.Verify(os.Args[1], pem, os.Args[3], selfie)
	if err != nil {
		fmt.Println("refused:", err)
		os.Exit(1)
	}
	fmt.Println("live:", claims.Live, "sub:", claims.Subject, "attempt:", claims.Attempt)
}
`;

describe("the verdict, verified by other languages' JWT libraries", { timeout: 180_000 }, () => {
  let server: http.Server;
  let jwksUrl = '';
  let handler: LivenessProxyHandler;
  let hs256: LivenessProxyHandler;
  /** Runs a program without blocking: the JWKS it fetches is served by this very process. */
  const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(command, args, { cwd: DIR, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject).once('close', (status) => resolve({ status, stdout, stderr }));
    });

  before(async () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(join(DIR, 'go/verdict'), { recursive: true });
    writeFileSync(join(DIR, 'package.json'), JSON.stringify({ name: 'verdict-languages', private: true, type: 'module' }));
    const installed = extractPackage(packedTarball(), DIR);
    const { bin } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const cli = join(installed, bin['liveness-check']);
    assert.match(readFileSync(cli, 'utf8'), /^#!\/usr\/bin\/env node\n/, 'npx runs it with node');
    const printed = execFileSync(process.execPath, [cli, 'keygen'], { encoding: 'utf8' });
    const [, privateJson] = /^LIVENESS_SIGNING_KEY=(\{.*\})$/m.exec(printed)!;
    const [publicJson] = /^\{"crv".*\}$/m.exec(printed)!;
    KEY.privateJwk = JSON.parse(privateJson) as JWK;
    KEY.publicJwk = JSON.parse(publicJson) as JWK;
    KEY.pem = /-----BEGIN PUBLIC KEY-----\n[\s\S]*?-----END PUBLIC KEY-----/.exec(printed)![0];
    assert.equal(KEY.publicJwk.kid, KEY.privateJwk.kid);
    assert.equal(KEY.publicJwk.d, undefined, 'the public half has no private member');
    const common = {
      apiKey: API_KEY,
      rateLimit: false as const,
      attempts: { windowMs: 60_000, max: 100 }, // every test here checks the same applicant
      subject: (request: Request) => /session=([\w-]+)/.exec(request.headers.get('cookie') ?? '')?.[1],
      fetch: async () => new Response(JSON.stringify(LIVE_BODY)),
    };
    handler = createLivenessProxy({ ...common, signingKey: KEY.privateJwk });
    hs256 = createLivenessProxy({ ...common, signingSecret: SIGNING_SECRET });
    server = http.createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/liveness/jwks.json`;

    writeFileSync(join(DIR, 'selfie.jpg'), SELFIE);
    writeFileSync(join(DIR, 'public.pem'), `${KEY.pem}\n`);
    writeFileSync(join(DIR, 'secret.txt'), SIGNING_SECRET);
    writeFileSync(join(DIR, 'verify-verdict.js'), docSnippet('verify-node'));
    writeFileSync(join(DIR, 'verify_verdict.py'), docSnippet('verify-python'));
    writeFileSync(join(DIR, 'check.py'), PYTHON_HARNESS);
    writeFileSync(join(DIR, 'go/verdict/verdict.go'), docSnippet('verify-go'));
    writeFileSync(join(DIR, 'go/main.go'), GO_HARNESS);
    // Offline: golang-jwt from Debian's golang-github-golang-jwt-jwt-dev, no module proxy.
    writeFileSync(
      join(DIR, 'go/go.mod'),
      'module verdictcheck\n\ngo 1.19\n\nrequire github.com/golang-jwt/jwt/v4 v4.4.3\n\nreplace github.com/golang-jwt/jwt/v4 => /usr/share/gocode/src/github.com/golang-jwt/jwt\n',
    );
    execFileSync('go', ['build', '-o', '../verify-go', '.'], {
      cwd: join(DIR, 'go'),
      env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOSUMDB: 'off', GOCACHE: join(DIR, 'go-cache') },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  });
  after(() => server?.close());

  it('Node: the documented snippet from the packed package accepts a genuine verdict once, refuses a tampered one', async () => {
    const token = await issue(handler);
    const script = `import { livenessOf } from './verify-verdict.js';
const form = (token) => { const data = new FormData(); data.set('liveness', token); data.set('selfie', new Blob([Buffer.from(process.argv[3], 'base64')])); return data; };
const verdicts = [await livenessOf(form(process.argv[2]), '${SESSION}'), await livenessOf(form(process.argv[2]), '${SESSION}'), await livenessOf(form(process.argv[4]), '${SESSION}')];
console.log(JSON.stringify(verdicts.map((verdict) => verdict && verdict.live)));`;
    writeFileSync(join(DIR, 'check-node.mjs'), script);
    const result = await run(process.execPath, ['check-node.mjs', token, IMAGE_BASE64, tampered(token, { sub: 'someone-else' })], {
      LIVENESS_JWKS_URL: jwksUrl,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), [true, null, null], 'accepted, then replayed, then tampered');
    assert.match(result.stderr, /refused: replayed[\s\S]*refused: bad-signature/);
  });

  it('Python: PyJWT with the JWKS accepts a genuine verdict, refuses tampering, another applicant, a replay, alg confusion', async () => {
    const check = async (token: string, session = SESSION, ...extra: string[]) => {
      const result = await run(PYTHON, ['check.py', token, session, 'selfie.jpg', ...extra], { LIVENESS_JWKS_URL: jwksUrl });
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as { valid: boolean; error?: string; message?: string; live?: boolean; sub?: string };
    };
    const token = await issue(handler);
    assert.deepEqual(await check(token), { valid: true, live: true, sub: SESSION });
    assert.equal((await check(tampered(token, { live: true, score: 0.99 }))).error, 'InvalidSignatureError');
    assert.equal((await check(tampered(token, { sub: 'another' }), 'another')).error, 'InvalidSignatureError');
    assert.equal((await check(token, 'another-applicant')).message, 'subject-mismatch');
    assert.equal((await check(token, SESSION, 'twice')).message, 'replayed');
    // HS256 "signed" with the public key's bytes, under its kid: PyJWT allows only the listed asymmetric algorithms.
    const confused = await new SignJWT(decodeJwt(token))
      .setProtectedHeader({ alg: 'HS256', typ: 'liveness-verdict+jwt', kid: KEY.publicJwk.kid })
      .sign(new TextEncoder().encode(JSON.stringify(KEY.publicJwk)));
    assert.equal((await check(confused)).valid, false);
  });

  it('Python: an HS256 verdict verifies with the shared secret, a tampered one does not', async () => {
    const token = await issue(hs256);
    const script = `import sys, jwt
try:
    claims = jwt.decode(sys.argv[1], sys.argv[2], algorithms=["HS256"], issuer="liveness-check-proxy", audience="liveness-check-backend")
    print("valid", claims["live"], claims["sub"])
except jwt.InvalidTokenError as error:
    print("refused", type(error).__name__)
`;
    writeFileSync(join(DIR, 'check_hs256.py'), script);
    assert.equal((await run(PYTHON, ['check_hs256.py', token, SIGNING_SECRET])).stdout.trim(), `valid True ${SESSION}`);
    assert.equal(
      (await run(PYTHON, ['check_hs256.py', tampered(token, { live: false }), SIGNING_SECRET])).stdout.trim(),
      'refused InvalidSignatureError',
    );
  });

  it('Go: the golang-jwt snippet with the PEM key accepts a genuine verdict, refuses tampering and another applicant', async () => {
    const token = await issue(handler);
    const verify = (value: string, session = SESSION) => run(join(DIR, 'verify-go'), [value, 'public.pem', session, 'selfie.jpg']);
    const genuine = await verify(token);
    assert.equal(genuine.status, 0, genuine.stdout + genuine.stderr);
    assert.match(genuine.stdout.trim(), new RegExp(`^live: true sub: ${SESSION} attempt: [1-9]$`), 'the claims, read into the Go struct');
    const forged = await verify(tampered(token, { score: 0.99 }));
    assert.notEqual(forged.status, 0);
    assert.match(forged.stdout, /refused: ed25519: verification error/);
    assert.match((await verify(token, 'another-applicant')).stdout, /refused: subject-mismatch/);
  });

  it("Go: Debian's jwt command verifies the EdDSA verdict by its PEM key and the HS256 one by its secret, and refuses tampered ones", async () => {
    const token = await issue(handler);
    const secretToken = await issue(hs256);
    const cli = async (alg: string, key: string, value: string) => {
      writeFileSync(join(DIR, 'token.txt'), value);
      return run('jwt', ['-alg', alg, '-key', key, '-verify', 'token.txt']);
    };
    const edDsa = await cli('EdDSA', 'public.pem', token);
    assert.equal(edDsa.status, 0, edDsa.stderr);
    assert.equal(JSON.parse(edDsa.stdout).sub, SESSION);
    assert.notEqual((await cli('EdDSA', 'public.pem', tampered(token, { live: true, score: 1 }))).status, 0);
    const hs = await cli('HS256', 'secret.txt', secretToken);
    assert.equal(hs.status, 0, hs.stderr);
    assert.equal(JSON.parse(hs.stdout).live, true);
    assert.notEqual((await cli('HS256', 'secret.txt', tampered(secretToken, { sub: 'another' }))).status, 0);
  });
});
