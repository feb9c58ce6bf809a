/** A time limit as an AbortSignal, optionally also following another signal (e.g. client gone). */

export interface Deadline {
  /** Aborts when the time is up or the linked signal aborts. */
  readonly signal: AbortSignal;
  /** Whether the time ran out (as opposed to the linked signal aborting). */
  expired(): boolean;
  /** Stops the timer; call once the guarded work is over. */
  clear(): void;
}

/**
 * Unlike `AbortSignal.timeout`, the timer keeps the event loop alive until it fires or is
 * cleared, so a stalled stream is still cut off when nothing else is pending, and it is
 * released as soon as the work finishes instead of lingering for the full duration.
 */
export function startDeadline(ms: number, linked?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException('deadline exceeded', 'TimeoutError'));
  }, ms);
  // Linked by hand rather than with AbortSignal.any, which costs several times more per request.
  const followLinked = (): void => {
    clearTimeout(timer);
    controller.abort(linked!.reason);
  };
  if (linked?.aborted) followLinked();
  else linked?.addEventListener('abort', followLinked, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    clear: () => {
      clearTimeout(timer);
      linked?.removeEventListener('abort', followLinked);
    },
  };
}

/** What {@link settleWithin} answers when the time ran out first. */
export const TIMED_OUT = Symbol('timed out');

/**
 * `work`'s result, or {@link TIMED_OUT} when it has not settled within `ms` (or `linked` aborted first); a late
 * result or rejection is dropped. For work the proxy cannot cancel (an integrator's callback, a store's ping).
 */
export async function settleWithin<T>(work: Promise<T>, ms: number, linked?: AbortSignal): Promise<T | typeof TIMED_OUT> {
  const deadline = startDeadline(ms, linked);
  const timedOut = new Promise<typeof TIMED_OUT>((resolve) => deadline.signal.addEventListener('abort', () => resolve(TIMED_OUT)));
  work.catch(() => undefined); // settled after the deadline: nobody waits for it any more
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    deadline.clear();
  }
}
