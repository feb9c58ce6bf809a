/** Which browser origins may call the proxy, and the CORS headers that tell the browser so. */

import { forwardedValue } from './client-address.js';

export type CorsDecision =
  /** `headers` go on every answer to this request (empty for same-origin and non-browser calls). */
  { allowed: true; headers: Record<string, string> } | { allowed: false };

export interface CorsPolicy {
  evaluate(request: Request): CorsDecision;
  /** Extra headers for an allowed preflight (`OPTIONS`) answer. */
  readonly preflightHeaders: Record<string, string>;
}

export interface CorsPolicyOptions {
  /** Exact origins such as `https://app.example.com`; the proxy's own origin is always allowed. */
  allowedOrigins: readonly string[];
  /**
   * Reverse proxies in front (0: none). Then the public scheme and host come from `X-Forwarded-Proto`
   * and `X-Forwarded-Host`, read that many entries from the right like `X-Forwarded-For`.
   */
  trustedProxies: number;
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

/**
 * The proxy's own public origin as the browser sees it. The host is the `Host` header rather than the
 * URL's: frameworks such as Next.js and SvelteKit build `request.url` from their own listen address,
 * while a browser cannot choose the `Host` it sends, so a same-origin call matches whatever the URL says.
 */
function ownOrigin(request: Request, trustedProxies: number): string {
  const url = new URL(request.url);
  const hostHeader = request.headers.get('host');
  const protocol = (trustedProxies > 0 && forwardedValue(request, 'x-forwarded-proto', trustedProxies)) || url.protocol.slice(0, -1);
  const host = (trustedProxies > 0 && forwardedValue(request, 'x-forwarded-host', trustedProxies)) || hostHeader || url.host;
  try {
    return new URL(`${protocol}://${host}`).origin;
  } catch {
    return url.origin; // a Host no URL accepts: no browser sent it
  }
}

/**
 * Same-origin requests and requests without `Origin` (servers, curl) are allowed; a cross-origin
 * browser request only from an allowlisted origin. Credentials are never allowed.
 */
export function createCorsPolicy({ allowedOrigins, trustedProxies, allowedRequestHeaders }: CorsPolicyOptions): CorsPolicy {
  const allowlist = new Set(allowedOrigins.map(toOrigin));
  return {
    evaluate(request): CorsDecision {
      const origin = request.headers.get('origin');
      if (origin === null || origin === ownOrigin(request, trustedProxies)) return { allowed: true, headers: {} };
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
