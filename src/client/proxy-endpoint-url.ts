import type { LivenessEndpoint } from '../types.js';

/**
 * The absolute URL of `endpoint` behind the integrator's proxy: `proxyUrl` resolved against
 * `base` (pass `document.baseURI`), with exactly one slash before the endpoint however many
 * trailing slashes the integrator wrote. A query string on `proxyUrl` is kept; a fragment is
 * dropped (it is never sent anyway).
 *
 * @example proxyEndpointUrl('/api/liveness/', 'robust', 'https://shop.example/checkout')
 *   // → 'https://shop.example/api/liveness/robust'
 * @throws TypeError if `proxyUrl` is empty, cannot be parsed, or is not http(s): resolving an
 *   empty string would silently post to the page's own URL.
 */
export function proxyEndpointUrl(proxyUrl: string, endpoint: LivenessEndpoint, base: string): string {
  if (proxyUrl.trim() === '') throw new TypeError('The proxy URL is empty.');
  const url = new URL(proxyUrl, base);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`The proxy URL must be http(s), got ${url.protocol}`);
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${endpoint}`;
  url.hash = '';
  return url.href;
}
