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
