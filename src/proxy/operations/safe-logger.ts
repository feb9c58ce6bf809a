/** The integrator's logger, made unable to break a request. */

import type { ProxyLogger } from '../proxy-types.js';

/** Calls `logger`, ignoring anything it throws or rejects: a failing log line must not fail the answer. */
export function toSafeLogger(logger: ProxyLogger): ProxyLogger {
  const call = (method: 'warn' | 'error', message: string, details?: Record<string, string | number>): void => {
    try {
      const result: unknown = logger[method](message, details);
      if (result instanceof Promise) result.catch(() => undefined);
    } catch {
      // ignored: see above
    }
  };
  return { warn: (message, details) => call('warn', message, details), error: (message, details) => call('error', message, details) };
}
