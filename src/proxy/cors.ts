/** Which browser origins may call the proxy, and the CORS headers that tell the browser so. */

export type CorsDecision =
  /** `headers` go on every answer to this request (empty for same-origin and non-browser calls). */
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false };

export interface CorsPolicy {
  evaluate(request: Request): CorsDecision;
  /** Extra headers for an allowed preflight (`OPTIONS`) answer. */
  readonly preflightHeaders: Record<string, string>;
}

export interface CorsPolicyOptions {
  /** Exact origins such as `https://app.example.com`; the proxy's own origin is always allowed. */
  allowedOrigins: readonly string[];
  /** Take the public scheme and host from `X-Forwarded-Proto`/`-Host` (TLS terminated upstream). */
  trustProxy: boolean;
  /** Request headers a cross-origin caller may send. */
  allowedRequestHeaders: readonly string[];
}

/** Normalises an allowlist entry to an origin, or throws naming the bad entry. */
function toOrigin(entry: string): string {
  let origin: string;
  try {
    origin = new URL(entry).origin;
  } catch {
    origin = 'null';
  }
  if (origin === 'null') throw new TypeError(`allowedOrigins: "${entry}" is not an origin like https://app.example.com`);
  return origin;
}

function firstHeaderValue(request: Request, name: string): string | undefined {
  return request.headers.get(name)?.split(',', 1)[0]!.trim() || undefined;
}

/** The proxy's own public origin as the browser sees it. */
function ownOrigin(request: Request, trustProxy: boolean): string {
  const url = new URL(request.url);
  if (!trustProxy) return url.origin;
  const protocol = firstHeaderValue(request, 'x-forwarded-proto') ?? url.protocol.slice(0, -1);
  const host = firstHeaderValue(request, 'x-forwarded-host') ?? url.host;
  return `${protocol}://${host}`.toLowerCase();
}

/**
 * Same-origin requests and requests without `Origin` (servers, curl) are allowed; a cross-origin
 * browser request only from an allowlisted origin. Credentials are never allowed.
 */
export function createCorsPolicy({ allowedOrigins, trustProxy, allowedRequestHeaders }: CorsPolicyOptions): CorsPolicy {
  const allowlist = new Set(allowedOrigins.map(toOrigin));
  return {
    evaluate(request): CorsDecision {
      const origin = request.headers.get('origin');
      if (origin === null || origin === ownOrigin(request, trustProxy)) return { allowed: true, headers: {} };
      if (!allowlist.has(origin)) return { allowed: false };
      return { allowed: true, headers: { 'access-control-allow-origin': origin, vary: 'origin' } };
    },
    preflightHeaders: {
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': allowedRequestHeaders.join(', '),
      'access-control-max-age': '600',
    },
  };
}
