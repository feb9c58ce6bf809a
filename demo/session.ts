// The demo's stand-in for a KYC session: a random id in an HttpOnly cookie. The proxy signs it into the verdict as
// its `subject`, and the form handler checks the verdict against it, so a verdict cannot serve another applicant.
import { randomBytes } from 'node:crypto';

const COOKIE = 'demo_session';

/** The session id in a `Cookie` header, if any. */
export function sessionOf(cookieHeader: string | null | undefined): string | undefined {
  for (const pair of cookieHeader?.split(';') ?? []) {
    const [name, value] = pair.trim().split('=', 2);
    if (name === COOKIE && value && /^[\w-]{22}$/.test(value)) return value;
  }
  return undefined;
}

/** A `Set-Cookie` value starting a new session. */
export function newSessionCookie(): string {
  return `${COOKIE}=${randomBytes(16).toString('base64url')}; Path=/; HttpOnly; SameSite=Strict`;
}
