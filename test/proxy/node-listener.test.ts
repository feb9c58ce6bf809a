import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createLivenessProxy,
  toNodeListener,
  type LivenessProxyContext,
  type LivenessProxyOptions,
  type NodeListener,
} from '../../src/proxy/index.js';
import {
  API_KEY,
  checkResponse,
  IMAGE_BASE64,
  LIVE_ANSWER,
  LIVE_BODY,
  recordingLogger,
  REQUEST_BODY,
  startStubUpstream,
  type StubUpstream,
} from './helpers.js';

interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(listener: http.RequestListener): Promise<Served> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Mimics Express `app.use(mountPath, middleware)`: strips the mount path from `url`, keeps `originalUrl`. */
function mountLikeExpress(
  mountPath: string,
  middleware: NodeListener,
  onNext: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): http.RequestListener {
  return (req, res) => {
    const originalUrl = req.url ?? '/';
    if (!originalUrl.startsWith(mountPath)) return onNext(req, res);
    Object.assign(req, { originalUrl, url: originalUrl.slice(mountPath.length) || '/' });
    middleware(req, res, () => onNext(req, res));
  };
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Sends `totalBytes` of JSON-ish body with node:http, optionally slowly or without content-length. */
function sendRaw(
  url: string,
  options: { totalBytes?: number; announceLength?: boolean; dribbleMs?: number; path?: string },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const totalBytes = options.totalBytes ?? 0;
    const request = http.request(`${url}${options.path ?? '/api/liveness/antispoofing'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.announceLength ? { 'content-length': String(totalBytes) } : {}) },
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    request.on('error', reject);
    if (options.dribbleMs !== undefined) {
      const timer = setInterval(() => request.write('A'), options.dribbleMs);
      request.on('close', () => clearInterval(timer));
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    const writeMore = () => {
      while (sent < totalBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        if (!request.write(piece)) return void request.once('drain', writeMore);
      }
      request.end();
    };
    writeMore();
  });
}

function checkRawAnswer(answer: RawAnswer): Promise<unknown> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) if (typeof value === 'string') headers.set(name, value);
  return checkResponse(new Response(answer.text, { status: answer.status, headers }));
}

describe('toNodeListener over real sockets', () => {
  let stub: StubUpstream;
  let proxy: Served;
  const logger = recordingLogger();
  const handlerFor = (options: Partial<LivenessProxyOptions> = {}) =>
    createLivenessProxy({ apiKey: API_KEY, upstreamUrl: stub.url, rateLimit: false, attempts: false, logger, ...options });

  before(async () => {
    stub = await startStubUpstream();
    proxy = await serve(toNodeListener(handlerFor({ bodyTimeoutMs: 300, rateLimit: { windowMs: 60_000, max: 1000 } })));
  });
  after(async () => {
    await proxy.close();
    await stub.close();
  });
  beforeEach(() => {
    stub.requests.length = 0;
    stub.reply = () => ({ body: JSON.stringify(LIVE_BODY) });
  });

  it('proxies a browser-like request end to end', async () => {
    const response = await checkResponse(
      await fetch(`${proxy.url}/api/liveness/robust`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'session=1', origin: proxy.url },
        body: REQUEST_BODY,
      }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, LIVE_ANSWER);
    assert.equal(stub.requests.length, 1);
    assert.equal(stub.requests[0].headers['x-api-key'], API_KEY);
    assert.equal(stub.requests[0].headers.cookie, undefined);
    assert.equal(stub.requests[0].body, JSON.stringify({ data: IMAGE_BASE64 }));
  });

  it('answers 404, 405 and preflight-denied over HTTP', async () => {
    assert.equal((await checkResponse(await fetch(`${proxy.url}/elsewhere`))).status, 404);
    assert.equal((await checkResponse(await fetch(`${proxy.url}/api/liveness/robust`))).status, 405);
    const preflight = await fetch(`${proxy.url}/api/liveness/robust`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal((await checkResponse(preflight)).status, 403);
    assert.equal(stub.requests.length, 0);
  });

  it('refuses an 11 MB body with 413 without calling upstream (content-length announced)', async () => {
    const answer = await sendRaw(proxy.url, { totalBytes: 11 * 1024 * 1024, announceLength: true });
    await checkRawAnswer(answer);
    assert.equal(answer.status, 413);
    assert.equal(stub.requests.length, 0);
  });

  it('refuses an 11 MB chunked body with 413 without calling upstream', async () => {
    // The default body deadline: this suite's 300 ms one is for the dribble test, and 10 MB may take longer on a busy machine.
    const patient = await serve(toNodeListener(handlerFor()));
    const answer = await sendRaw(patient.url, { totalBytes: 11 * 1024 * 1024 }).finally(() => patient.close());
    await checkRawAnswer(answer);
    assert.equal(answer.status, 413);
    assert.equal(stub.requests.length, 0);
  });

  it('refuses an 11 MB body sent with fetch', async () => {
    const response = await checkResponse(
      await fetch(`${proxy.url}/api/liveness/antispoofing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array(11 * 1024 * 1024),
      }),
    );
    assert.equal(response.status, 413);
    assert.equal(stub.requests.length, 0);
  });

  it('cuts off a body dribbled over time (408)', async () => {
    const started = Date.now();
    const answer = await sendRaw(proxy.url, { dribbleMs: 25 });
    await checkRawAnswer(answer);
    assert.equal(answer.status, 408);
    assert.ok(Date.now() - started < 2000);
    assert.equal(stub.requests.length, 0);
  });

  it('cuts off a body that stalls (408) after bodyIdleTimeoutMs, long before bodyTimeoutMs', async () => {
    const stalling = await serve(toNodeListener(handlerFor({ bodyTimeoutMs: 60_000, bodyIdleTimeoutMs: 100 })));
    try {
      const started = Date.now();
      const status = await new Promise<number>((resolve, reject) => {
        const socket = net.connect(Number(new URL(stalling.url).port), '127.0.0.1');
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('latin1')));
        socket.on('close', () => resolve(Number(text.split(' ', 2)[1])));
        socket.on('error', reject);
        // Headers announcing a whole body, ten bytes of it, then nothing.
        socket.write('POST /api/liveness/antispoofing HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n');
        socket.write('content-length: 1000\r\nconnection: close\r\n\r\n{"data":"A');
      });
      assert.equal(status, 408);
      assert.ok(Date.now() - started < 5_000, `answered after ${Date.now() - started} ms`);
      assert.equal(stub.requests.length, 0);
    } finally {
      await stalling.close();
    }
  });

  it('drops a request whose connection was reset before the listener ran, without calling the handler', async () => {
    const handled: unknown[] = [];
    const proxyHandler = handlerFor();
    const listener = toNodeListener(
      Object.assign(
        (request: Request, context?: LivenessProxyContext) => {
          handled.push(context);
          return proxyHandler(request, context);
        },
        { basePath: proxyHandler.basePath, ready: proxyHandler.ready },
      ),
    );
    const resetFirst = await serve((req, res) => {
      req.socket.destroy(); // the connection is gone (and its address with it) by the time the listener runs
      listener(req, res, () => res.writeHead(404).end());
    });
    try {
      await new Promise<void>((resolve) => {
        const socket = net.connect(Number(new URL(resetFirst.url).port), '127.0.0.1', () =>
          socket.write('POST /api/liveness/antispoofing HTTP/1.1\r\nhost: localhost\r\ncontent-length: 2\r\n\r\n{}'),
        );
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(handled, []);
    } finally {
      await resetFirst.close();
    }
  });

  it('answers malformed request targets with 400 and keeps serving', async () => {
    for (const target of ['//[', 'http://[']) {
      const statusLine = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(new URL(proxy.url).port), '127.0.0.1', () => {
          socket.write(`POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        });
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('close', () => resolve(text.split('\r\n', 1)[0]));
        socket.on('error', reject);
      });
      assert.equal(statusLine, 'HTTP/1.1 400 Bad Request', target);
    }
    assert.equal((await checkResponse(await fetch(`${proxy.url}/elsewhere`))).status, 404);
  });

  it('answers 500 naming the cause when a body parser mounted first has read the body', async () => {
    const listener = toNodeListener(handlerFor());
    const parsed = await serve((req, res) => {
      req.resume().on('end', () => listener(req, res, () => res.writeHead(404).end())); // what express.json() does first
    });
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(...args);
    try {
      const started = Date.now();
      const response = await checkResponse(
        await fetch(`${parsed.url}/api/liveness/robust`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: REQUEST_BODY,
        }),
      );
      assert.ok(Date.now() - started < 1_000, 'answered at once');
      assert.equal(response.status, 500);
      assert.match(
        response.json.error.message,
        /already read by another middleware; mount toNodeListener\(handler\) before any body parser/,
      );
      assert.match(String(logged[0]), /already read/);
      assert.equal(stub.requests.length, 0);
    } finally {
      console.error = original;
      await parsed.close();
    }
  });

  it('passes the socket address as clientAddress for rate limiting', async () => {
    const limited = await serve(toNodeListener(handlerFor({ rateLimit: { windowMs: 60_000, max: 1 } })));
    try {
      const post = () =>
        fetch(`${limited.url}/api/liveness/robust`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: REQUEST_BODY,
        });
      assert.equal((await checkResponse(await post())).status, 200);
      const second = await checkResponse(await post());
      assert.equal(second.status, 429);
      assert.ok(Number(second.headers.get('retry-after')) >= 1);
      assert.ok(!logger.lines.some((line) => line.includes('share one rate limit')), 'the address was known');
    } finally {
      await limited.close();
    }
  });

  it('aborts the upstream call when the browser goes away', async () => {
    const browser = new AbortController();
    const upstreamAbandoned = new Promise<void>((resolve) => (stub.onAbandoned = resolve));
    stub.reply = () => {
      setImmediate(() => browser.abort());
      return { hang: true };
    };
    const pending = fetch(`${proxy.url}/api/liveness/robust`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: REQUEST_BODY,
      signal: browser.signal,
    });
    await assert.rejects(pending, { name: 'AbortError' });
    await upstreamAbandoned;
    stub.onAbandoned = undefined;
  });
});

/** Sends one raw HTTP/1.1 request (the target exactly as given) and returns the status code. */
function rawStatus(url: string, target: string, body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => {
      socket.write(
        `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(Number(text.split(' ', 2)[1])));
    socket.on('error', reject);
  });
}

describe('toNodeListener behind a guard on its routes (path tricks)', () => {
  let upstreamCalls = 0;
  const handler = createLivenessProxy({
    apiKey: API_KEY,
    fetch: async () => {
      upstreamCalls += 1;
      return new Response(JSON.stringify(LIVE_BODY));
    },
    rateLimit: false,
    attempts: false,
  });
  const middleware = toNodeListener(handler);
  let served: Served;
  let nextCalls: string[] = [];

  before(async () => {
    // Like `app.post('/api/liveness/*', requireSession)` in front of the proxy: it sees the raw target.
    served = await serve((req, res) => {
      if ((req.url ?? '').startsWith('/api/liveness/')) return void res.writeHead(401).end();
      middleware(req, res, () => {
        nextCalls.push(req.url ?? '');
        res.writeHead(404).end();
      });
    });
  });
  after(() => served.close());
  beforeEach(() => {
    upstreamCalls = 0;
    nextCalls = [];
  });

  it('answers 400 to every target that would resolve into the routes, never calling upstream', async () => {
    const tricks = [
      '/x/../api/liveness/antispoofing',
      '/x/%2e%2e/api/liveness/antispoofing',
      '/x/.%2E/api/liveness/robust',
      '/./api/liveness/antispoofing',
      '/api/./liveness/antispoofing',
      '/api/liveness%2fantispoofing',
      '/api%2Fliveness/antispoofing',
      '/api\\liveness/antispoofing',
      '//api/liveness/antispoofing',
      '//host/api/liveness/antispoofing',
      'http://host/api/liveness/antispoofing',
      'http://x/api/liveness/antispoofing',
      '/api//liveness/antispoofing',
    ];
    for (const target of tricks) assert.equal(await rawStatus(served.url, target, REQUEST_BODY), 400, target);
    assert.equal(upstreamCalls, 0);
    assert.deepEqual(nextCalls, []);
  });

  it('leaves such targets outside its routes to the app (next)', async () => {
    assert.equal(await rawStatus(served.url, '/static/../index.html'), 404);
    assert.deepEqual(nextCalls, ['/static/../index.html']);
  });

  it('still serves the routes themselves when the guard lets them through', async () => {
    const open = await serve(middleware);
    try {
      assert.equal(await rawStatus(open.url, '/api/liveness/antispoofing', REQUEST_BODY), 200);
      assert.equal(await rawStatus(open.url, '/api/liveness/../liveness/antispoofing', REQUEST_BODY), 400);
      assert.equal(upstreamCalls, 1);
    } finally {
      await open.close();
    }
  });
});

describe('toNodeListener as Express/Connect middleware', () => {
  const handler = createLivenessProxy({
    apiKey: API_KEY,
    fetch: async () => new Response(JSON.stringify(LIVE_BODY)),
    rateLimit: false,
    attempts: false,
  });
  const middleware = toNodeListener(handler);
  let served: Served;
  let nextCalls: string[] = [];

  before(async () => {
    served = await serve(
      mountLikeExpress('/api', middleware, (req, res) => {
        nextCalls.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('next handler');
      }),
    );
  });
  after(() => served.close());
  beforeEach(() => {
    nextCalls = [];
  });

  it('routes by originalUrl when mounted under a path', async () => {
    const response = await checkResponse(
      await fetch(`${served.url}/api/liveness/antispoofing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: REQUEST_BODY,
      }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(nextCalls, []);
  });

  it('calls next() for paths outside basePath', async () => {
    const response = await fetch(`${served.url}/api/users`);
    assert.equal(await response.text(), 'next handler');
    assert.deepEqual(nextCalls, ['/users']);
  });

  it('answers paths under basePath itself, 404 included', async () => {
    const response = await checkResponse(await fetch(`${served.url}/api/liveness/unknown`, { method: 'POST' }));
    assert.equal(response.status, 404);
    assert.deepEqual(nextCalls, []);
  });

  it('answers 404 outside basePath when there is no next()', async () => {
    const plain = await serve(toNodeListener(handler));
    try {
      assert.equal((await checkResponse(await fetch(`${plain.url}/api/users`))).status, 404);
    } finally {
      await plain.close();
    }
  });
});
