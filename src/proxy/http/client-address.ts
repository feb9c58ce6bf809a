/** Who the client is, for the rate limit: the connection's peer, or the address a trusted edge forwarded. */

/**
 * The client's address. With `trustedProxies` = N > 0 reverse proxies in front, each appending the
 * address it saw to `X-Forwarded-For`, the client is the entry N hops from the right: entries
 * further left were written by the client itself and prove nothing. When the header has fewer
 * entries (the request did not pass all proxies), the connection's own address is used.
 */
export function clientAddress(request: Request, peerAddress: string | undefined, trustedProxies: number): string | undefined {
  if (trustedProxies === 0) return peerAddress;
  return forwardedValue(request, 'x-forwarded-for', trustedProxies) ?? peerAddress;
}

/** The entry of a comma-separated `X-Forwarded-*` header `hops` from the right, or `undefined`. */
export function forwardedValue(request: Request, header: string, hops: number): string | undefined {
  const entries = request.headers.get(header)?.split(',') ?? [];
  return entries.length >= hops ? entries[entries.length - hops].trim() || undefined : undefined;
}

/** Longest key kept; an IPv6 /64 prefix or an IPv4 address fits easily. */
const MAX_KEY_LENGTH = 64;

/**
 * The rate-limit key for an address: IPv4 as is, IPv6 by its /64 prefix (one subscriber usually holds
 * a whole /64, so counting single addresses would give them 2^64 fresh limits), IPv4-mapped IPv6 as
 * IPv4; brackets, port and zone dropped. Anything else is kept, cut to 64 characters. Without an
 * address all clients share the key `unknown`.
 */
export function rateLimitKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const host = stripPort(address.trim());
  const hextets = parseIpv6(host);
  if (hextets === null) return host.slice(0, MAX_KEY_LENGTH) || 'unknown';
  if (hextets.slice(0, 6).every((value, index) => value === (index === 5 ? 0xffff : 0))) {
    return [hextets[6] >> 8, hextets[6] & 0xff, hextets[7] >> 8, hextets[7] & 0xff].join('.');
  }
  return `${hextets
    .slice(0, 4)
    .map((value) => value.toString(16))
    .join(':')}::/64`;
}

/** `[v6]:port` → `v6`, `v4:port` → `v4`; a bare IPv6 address has several colons and no port. */
function stripPort(address: string): string {
  if (address.startsWith('[')) return address.slice(1, address.indexOf(']') >>> 0);
  const colon = address.indexOf(':');
  return colon !== -1 && colon === address.lastIndexOf(':') ? address.slice(0, colon) : address;
}

const HEXTET = /^[0-9a-f]{1,4}$/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The eight 16-bit groups of an IPv6 address (zone dropped, embedded IPv4 allowed), or `null`. */
function parseIpv6(text: string): number[] | null {
  let address = text.split('%', 1)[0];
  const ipv4 = IPV4.exec(address.slice(address.lastIndexOf(':') + 1));
  if (ipv4) {
    const octets = ipv4.slice(1).map(Number);
    if (octets.some((octet) => octet > 255)) return null;
    address = `${address.slice(0, address.lastIndexOf(':') + 1)}${((octets[0] << 8) | octets[1]).toString(16)}:${((octets[2] << 8) | octets[3]).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === '') return [];
    const values = part.split(':');
    return values.every((value) => HEXTET.test(value)) ? values.map((value) => parseInt(value, 16)) : null;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}
