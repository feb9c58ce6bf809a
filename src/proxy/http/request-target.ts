/** Request targets the proxy serves: only those already in normal form, so no guard in front can be walked around. */

/**
 * Whether `target` (a request target's path and query, as sent) is in normal form: origin-form
 * (one leading `/`, not `*`, not absolute-form `http://…` nor `//host/…`), no empty segment, no dot
 * segment (`.`/`..`, also percent-encoded), no backslash, no encoded `/` or `\`, no control character
 * or space. URL parsers rewrite each of these into another path (`/x/../api` is `/api`), so a
 * framework guard mounted on the route's prefix would not see the route that is then served.
 * A trailing `/` is normal (it only ever makes another path).
 */
export function isNormalRequestTarget(target: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
  if (!target.startsWith('/') || /[\x00-\x20\x7f\\]/.test(target)) return false;
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  if (/%(2f|5c)/i.test(path)) return false;
  const segments = path.slice(1).split('/');
  return segments.every((segment, index) => {
    if (segment === '') return index === segments.length - 1;
    const decoded = segment.replace(/%2e/gi, '.');
    return decoded !== '.' && decoded !== '..';
  });
}

/**
 * Whether a target mentions `basePath` once read loosely, the way some parser or framework along the
 * way might: encoded dots and slashes decoded, `\\` as `/`, empty and dot segments dropped, an
 * absolute-form or `//host` prefix kept as segments. Used to refuse abnormal targets aimed at the
 * routes while leaving others to the app.
 */
export function mentionsBasePath(target: string, basePath: string): boolean {
  const decoded = target.replace(/%2e/gi, '.').replace(/%2f|%5c|\\/gi, '/');
  const segments = decoded
    .split(/[?#]/, 1)[0]
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
  return `/${segments.join('/')}/`.includes(`${basePath}/`);
}
