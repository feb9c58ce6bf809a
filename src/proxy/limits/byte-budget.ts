/**
 * A shared allowance of bytes with a share per client, so request bodies in flight together never hold more memory
 * than configured and a few clients cannot hold all of it.
 */

export interface ByteLease {
  /** Grows what this request holds to `totalBytes` (its body so far); `false` (nothing taken) when a limit would pass. */
  holdUpTo: (totalBytes: number) => boolean;
  /** Gives back everything this request holds; call once, when its body is no longer needed. */
  release: () => void;
}

export interface ByteBudget {
  /** A lease for one request of `client`, holding nothing yet. */
  lease(client: string): ByteLease;
}

/** `limit` bytes for all requests together, at most `perClientLimit` of them for the requests of one client. */
export function createByteBudget(limit: number, perClientLimit: number): ByteBudget {
  let inUse = 0;
  /** Only clients holding bytes have an entry, so the map never outgrows the requests in flight. */
  const inUseByClient = new Map<string, number>();
  return {
    lease(client) {
      let held = 0;
      const add = (bytes: number): void => {
        inUse += bytes;
        const clientTotal = (inUseByClient.get(client) ?? 0) + bytes;
        if (clientTotal === 0) inUseByClient.delete(client);
        else inUseByClient.set(client, clientTotal);
        held += bytes;
      };
      return {
        holdUpTo(totalBytes) {
          // A smaller total than held takes nothing and gives nothing back: release() does that.
          const more = Math.max(0, totalBytes - held);
          if (inUse + more > limit || (inUseByClient.get(client) ?? 0) + more > perClientLimit) return false;
          add(more);
          return true;
        },
        release() {
          add(-held);
        },
      };
    },
  };
}
