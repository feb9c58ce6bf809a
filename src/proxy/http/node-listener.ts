/** Runs the Fetch handler on `node:http`, directly or as Express/Connect middleware. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { errorResponse } from './json-response.js';
import type { LivenessProxyContext, LivenessProxyHandler } from '../proxy-types.js';
import { isNormalRequestTarget, mentionsBasePath } from './request-target.js';

/** `(req, res, next?)`: a `node:http` request listener that also mounts as Express/Connect middleware. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void) => void;

/** Express keeps the full path in `originalUrl` when it strips a mount path from `url`. */
type MaybeExpressRequest = IncomingMessage & { originalUrl?: string };

/**
 * After an early answer (413, 408), how long the rest of the body is read and thrown away before
 * the connection is dropped. Closing at once with unread data makes TCP reset the connection,
 * and many clients then report the reset instead of the answer.
 */
const LINGER_MS = 5_000;

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);

const BODY_ALREADY_READ =
  'liveness proxy: the request body was already read by another middleware; mount toNodeListener(handler) before any body parser (express.json(), …)';

function isUnderBasePath(pathname: string, basePath: string): boolean {
  return pathname === basePath || pathname.startsWith(`${basePath}/`);
}

function requestUrl(request: IncomingMessage, target: string): URL {
  const scheme = (request.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  const url = new URL(target, `${scheme}://localhost`);
  // The host setter ignores malformed values, so a hostile Host header cannot reshape the URL.
  if (request.headers.host) url.host = request.headers.host;
  return url;
}

interface NodeBody {
  stream: ReadableStream<Uint8Array>;
  /** Stops feeding the stream, e.g. once an answer has been sent without reading the rest. */
  detach(): void;
}

/**
 * The incoming body as a pull-based stream: Node data is only read as fast as the handler reads,
 * so an oversized body is never buffered. Cancelling stops reading.
 */
function bodyStream(request: IncomingMessage): NodeBody {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Buffer): void => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) request.pause();
  };
  const onEnd = (): void => {
    detach();
    controller.close();
  };
  const onError = (error: Error): void => {
    detach();
    controller.error(error);
  };
  const onClose = (): void => {
    if (!request.complete) onError(new Error('client disconnected before the body ended'));
  };
  const detach = (): void => {
    request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      request.pause();
      request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    },
    pull() {
      request.resume();
    },
    cancel() {
      detach();
      request.pause();
    },
  });
  return { stream, detach };
}

function toWebRequest(request: IncomingMessage, url: URL, body: NodeBody | null, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    headers.append(request.rawHeaders[index], request.rawHeaders[index + 1]);
  }
  const init: RequestInit & { duplex?: 'half' } = { method: request.method ?? 'GET', headers, signal };
  if (body) {
    init.body = body.stream;
    init.duplex = 'half'; // required by undici for a streamed request body
  }
  return new Request(url, init);
}

/** Throws away what is left of the body, then drops the connection if the client keeps sending. */
function discardUnreadBody(request: IncomingMessage, body: NodeBody | null): void {
  body?.detach();
  const timer = setTimeout(() => request.socket.destroy(), LINGER_MS).unref();
  request.once('end', () => clearTimeout(timer));
  request.resume(); // flowing without a 'data' listener discards the data
}

async function writeResponse(response: ServerResponse, answer: Response): Promise<void> {
  const bytes = new Uint8Array(await answer.arrayBuffer());
  response.statusCode = answer.status;
  answer.headers.forEach((value, name) => response.setHeader(name, value));
  response.end(bytes);
}

/** Answers 400 without handing the request to the handler, discarding any body it sends. */
function refuse(request: IncomingMessage, response: ServerResponse, message: string): void {
  writeResponse(response, errorResponse('invalid-request', {}, message))
    .then(() => {
      if (!request.complete) discardUnreadBody(request, null);
    })
    .catch(() => response.destroy());
}

/**
 * Adapts a {@link LivenessProxyHandler} (or any Fetch handler with a `basePath`) to `node:http`:
 * `http.createServer(toNodeListener(handler))` or `app.use(toNodeListener(handler))`.
 * Passes the socket address as `clientAddress`. As middleware (with `next`), requests outside the
 * handler's `basePath` go to `next()`; without `next` they get 404. Mount it before any body parser:
 * a body already read is answered 500 with a message saying so (and logged), not left to time out.
 *
 * The raw request target is checked before it becomes a URL: one not in normal form (`/x/../api/…`,
 * `//host/…`, `\`, encoded `/`, absolute-form…) that would resolve under `basePath` gets 400, so a
 * guard mounted on `basePath` in front cannot be walked around. As middleware, other such targets
 * go to `next()` untouched.
 */
export function toNodeListener(
  handler: Pick<LivenessProxyHandler, 'basePath'> & ((request: Request, context?: LivenessProxyContext) => Promise<Response>),
): NodeListener {
  return (request, response, next) => {
    const target = (request as MaybeExpressRequest).originalUrl ?? request.url ?? '/';
    let url: URL;
    try {
      url = requestUrl(request, target);
    } catch {
      // A request target no URL parser accepts, e.g. `//[`: not ours to judge when mounted in an app.
      if (next) next();
      else refuse(request, response, 'malformed request');
      return;
    }
    if (!isNormalRequestTarget(target) && (!next || mentionsBasePath(target, handler.basePath))) {
      refuse(request, response, 'request target not in normal form');
      return;
    }
    if (next && !isUnderBasePath(url.pathname, handler.basePath)) {
      next();
      return;
    }
    if (!METHODS_WITHOUT_BODY.has(request.method ?? 'GET') && request.readableEnded) {
      // A body parser mounted first (express.json(), Fastify's) has read the stream: waiting for it would end in 408.
      console.error(BODY_ALREADY_READ);
      writeResponse(response, errorResponse('internal-error', {}, BODY_ALREADY_READ)).catch(() => response.destroy());
      return;
    }
    if (request.socket.remoteAddress === undefined) {
      // The connection was reset before this ran: nobody reads the answer, and without an address the request would
      // count against the one key shared by all unknown clients (spending it for them) while still costing a check.
      response.destroy();
      return;
    }
    const clientGone = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) clientGone.abort();
    });
    const body = METHODS_WITHOUT_BODY.has(request.method ?? 'GET') ? null : bodyStream(request);
    let answer: Promise<Response>;
    try {
      answer = handler(toWebRequest(request, url, body, clientGone.signal), { clientAddress: request.socket.remoteAddress });
    } catch {
      // e.g. a method the Fetch standard forbids (CONNECT, TRACE)
      answer = Promise.resolve(errorResponse('invalid-request', {}, 'malformed request'));
    }
    answer
      .then((ready) => writeResponse(response, ready))
      .then(() => {
        if (!request.complete) discardUnreadBody(request, body);
      })
      .catch(() => response.destroy());
  };
}
