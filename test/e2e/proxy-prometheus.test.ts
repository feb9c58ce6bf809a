// The Prometheus snippet of docs/proxy.md (Observability), verbatim, on the packed package: it serves the proxy with a stub
// liveness API upstream, and its exporter's /metrics page, scraped as Prometheus would, shows the requests it served.
// The OpenTelemetry packages resolve upwards from this repository's node_modules (its devDependencies).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { API_KEY, LIVE_BODY, REQUEST_BODY, startStubUpstream, type StubUpstream } from '../proxy/helpers.js';
import { freePort } from '../support/free-port.js';
import { extractPackage, packedTarball } from '../support/packed-package.js';
import { docSnippet } from '../support/doc-snippets.js';

const DIR = new URL('../../build/proxy-prometheus/', import.meta.url).pathname;

/** Polls `url` until it answers at all. */
async function answering(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`exited (${server.exitCode}): ${output()}`);
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The value of the one series of `name` whose labels include every one of `labels`. */
function series(page: string, name: string, labels: Record<string, string>): number {
  const lines = page.split('\n').filter((line) => line.startsWith(`${name}{`));
  const matching = lines.filter((line) => Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`)));
  assert.equal(matching.length, 1, `one ${name} series with ${JSON.stringify(labels)} in:\n${lines.join('\n')}`);
  return Number(matching[0].split(' ').at(-1));
}

describe('docs/proxy.md Prometheus snippet from the packed package', { timeout: 300_000 }, () => {
  let upstream: StubUpstream;
  let server: ChildProcess;
  let output = '';
  let proxyUrl: string;
  let metricsUrl: string;

  before(async () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    writeFileSync(join(DIR, 'package.json'), JSON.stringify({ name: 'proxy-prometheus', private: true, type: 'module' }));
    extractPackage(packedTarball(), DIR);
    writeFileSync(join(DIR, 'server.js'), docSnippet('proxy-prometheus'));
    upstream = await startStubUpstream();
    const [port, metricsPort] = [await freePort(), await freePort()];
    server = spawn(process.execPath, ['server.js'], {
      cwd: DIR,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        SPOOFSENSE_API_KEY: API_KEY,
        SPOOFSENSE_URL: upstream.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proxyUrl = `http://127.0.0.1:${port}/api/liveness/antispoofing`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    await answering(proxyUrl, server, () => output);
    await answering(metricsUrl, server, () => output);
  });
  after(async () => {
    server?.kill();
    await upstream?.close();
  });

  it('scrapes http_server_request_duration (no unit suffix from the JS exporter) and liveness_checks_total for the requests served', async () => {
    const post = (body: string) => fetch(proxyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal((await post(REQUEST_BODY)).status, 200);
    assert.equal((await post(REQUEST_BODY)).status, 200);
    assert.equal((await post('{"data":')).status, 400);
    assert.equal(upstream.requests.length, 2);

    const scraped = await fetch(metricsUrl);
    assert.equal(scraped.status, 200);
    const page = await scraped.text();
    const route = { http_route: '/api/liveness/antispoofing', http_request_method: 'POST' };
    assert.equal(series(page, 'http_server_request_duration_count', { ...route, http_response_status_code: '200' }), 2);
    assert.equal(series(page, 'http_server_request_duration_count', { ...route, error_type: 'invalid-request' }), 1);
    assert.equal(series(page, 'http_server_request_duration_bucket', { ...route, http_response_status_code: '200', le: '+Inf' }), 2);
    assert.equal(series(page, 'http_client_request_duration_count', { server_address: '127.0.0.1', http_response_status_code: '200' }), 2);
    assert.equal(
      series(page, 'liveness_checks_total', { liveness_outcome: 'live', liveness_endpoint: 'antispoofing', liveness_mode: 'live' }),
      2,
    );
    assert.ok(!page.includes(API_KEY) && !page.includes(String(LIVE_BODY.model_output.prob_real)), 'no key or score on the page');
  });
});
