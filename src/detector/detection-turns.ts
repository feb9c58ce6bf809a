/**
 * Whose turn it is on a detector that several elements share. A frame that arrives while another is being detected is
 * dropped, never queued; without turns the element first in the document (whose video-frame callbacks run first)
 * would take every free slot and the others would never judge a frame. So a caller refused a slot waits in line and
 * the first in line gets the next one. A caller that stopped asking (its element removed, its camera off) leaves the
 * line once it has not asked for `staleMs`.
 */
export interface DetectionTurns<K> {
  /** Whether `caller` may detect now; `busy`: a detection is in flight. */
  claim(caller: K, now: number, busy: boolean): boolean;
}

export function detectionTurns<K>(staleMs: number): DetectionTurns<K> {
  /** Callers refused a slot, in the order they were first refused, with when each last asked. */
  const waiting = new Map<K, number>();
  return {
    claim(caller, now, busy) {
      for (const [other, askedAt] of waiting) if (now - askedAt > staleMs) waiting.delete(other);
      const first = waiting.keys().next();
      if (busy || (!first.done && first.value !== caller)) {
        // set() keeps a waiting caller's place in line and only notes that it is still asking.
        waiting.set(caller, now);
        return false;
      }
      waiting.delete(caller);
      return true;
    },
  };
}
