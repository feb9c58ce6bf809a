/** A shared allowance of bytes, so request bodies in flight together never hold more memory than configured. */

export interface ByteBudget {
  /** Takes `bytes` from the allowance; `false` (and nothing taken) when that would pass the limit. */
  take(bytes: number): boolean;
  /** Gives back what {@link ByteBudget.take} took. */
  give(bytes: number): void;
}

export function createByteBudget(limit: number): ByteBudget {
  let inUse = 0;
  return {
    take(bytes) {
      if (inUse + bytes > limit) return false;
      inUse += bytes;
      return true;
    },
    give(bytes) {
      inUse -= bytes;
    },
  };
}
