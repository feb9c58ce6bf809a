/**
 * A small `FetchLike` on `node:http`/`node:https` with a keep-alive agent, used for upstream calls
 * by default on Node: undici's `fetch` costs about 1 ms of CPU per 200 KB request on top of the
 * socket work (Web streams for the body, Request/Response objects, fetch's algorithm steps).
 *
 * It handles the one call shape the proxy makes (an absolute http(s) URL, a string/bytes body,
 * `redirect: 'manual'`) with fetch's semantics for it: a redirect is answered as it came, network
 * failures reject with a `TypeError`, an abort rejects with the signal's reason, and the answer's body is a
 * pull-based stream (so a size limit can stop reading it). Any other call goes to `globalThis.fetch`.
 * No header is sent besides the caller's, `host`, `content-length` and `connection`.
 */

import http from 'node:http';
import https from 'node:https';
import type { FetchLike } from '../proxy-types.js';

function plainHeaders(headers: HeadersInit | undefined): Record<string, string> | null {
  if (headers === undefined) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return null;
  return headers;
}

function requestBody(body: RequestInit['body']): Uint8Array | string | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return undefined; // streams, FormData, …: not this module's job
}

/** The answer's body as a pull-based Web stream; cancelling it destroys the Node stream. */
function responseStream(answer: http.IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (error: unknown): void => {
        if (finished) return;
        finished = true;
        controller.error(error);
      };
      answer.pause();
      answer.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) answer.pause();
      });
      answer.on('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      answer.on('error', fail);
      answer.on('close', () => fail(new TypeError('upstream answer ended early')));
    },
    pull() {
      answer.resume();
    },
    cancel() {
      finished = true;
      answer.destroy();
    },
  });
}

function toHeaders(rawHeaders: readonly string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    try {
      headers.append(rawHeaders[index], rawHeaders[index + 1]);
    } catch {
      // a header value Headers rejects: the proxy reads none of them anyway
    }
  }
  return headers;
}

/** Creates the Node upstream client; each one owns its keep-alive agents. */
export function createNodeUpstreamFetch(): FetchLike {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
  };

  return (input, init = {}) => {
    const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : null;
    const headers = plainHeaders(init.headers);
    const body = requestBody(init.body);
    if (url === null || headers === null || body === undefined || init.redirect !== 'manual' || !(url.protocol in agents)) {
      return globalThis.fetch(input, init);
    }
    const { signal } = init;
    if (signal?.aborted) return Promise.reject(signal.reason);

    return new Promise<Response>((resolve, reject) => {
      const protocol = url.protocol as keyof typeof agents;
      const client = protocol === 'https:' ? https : http;
      const onAbort = (): void => {
        request.destroy();
        reject(signal!.reason);
      };
      const request = client.request(url, { method: init.method ?? 'GET', headers, agent: agents[protocol] }, (answer) => {
        const status = answer.statusCode ?? 0;
        // After this point an abort errors the body stream (via destroy) instead of the promise.
        signal?.removeEventListener('abort', onAbort);
        if (signal) {
          const onLateAbort = (): void => {
            answer.destroy(new DOMException('upstream call aborted', 'AbortError'));
          };
          signal.addEventListener('abort', onLateAbort, { once: true });
          answer.once('close', () => signal.removeEventListener('abort', onLateAbort));
        }
        const nullBody = status === 204 || status === 304 || init.method === 'HEAD';
        resolve(
          new Response(nullBody ? null : responseStream(answer), {
            status: status >= 200 && status <= 599 ? status : 502,
            statusText: answer.statusMessage ?? '',
            headers: toHeaders(answer.rawHeaders),
          }),
        );
        if (nullBody) answer.resume();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: error }));
      });
      request.end(body ?? undefined);
    });
  };
}
