/** Types shared by the proxy's modules and exported from `liveness-check/proxy`. */

/** The subset of `fetch` the proxy calls; inject one for tests or for a custom HTTP client. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What the hosting platform knows about the connection that the `Request` itself does not carry. */
export interface LivenessProxyContext {
  /**
   * The peer address of the connection (e.g. `req.socket.remoteAddress` on Node,
   * `info.remoteAddr.hostname` on Deno, `server.requestIP(req)?.address` on Bun).
   * Used as the rate-limit key unless `trustProxy` is set.
   */
  clientAddress?: string;
}

/**
 * The proxy as a Web Fetch handler: `(request, context?) => Promise<Response>`.
 * Never rejects: unexpected failures become a `500 internal-error` answer.
 */
export interface LivenessProxyHandler {
  (request: Request, context?: LivenessProxyContext): Promise<Response>;
  /** The normalised path prefix the handler answers under, e.g. `/api/liveness`. */
  readonly basePath: string;
  /**
   * Whether the proxy can serve: every store that can be pinged (the Redis ones) answered. What `GET {basePath}/ready`
   * answers; for a health endpoint of your own.
   */
  readonly ready: () => Promise<boolean>;
}

/**
 * Receives operational warnings and errors. The proxy only ever passes fixed messages and
 * small scalar details (status codes, error names): never the API key, headers or image data.
 */
export interface ProxyLogger {
  warn(message: string, details?: Record<string, string | number>): void;
  error(message: string, details?: Record<string, string | number>): void;
}
