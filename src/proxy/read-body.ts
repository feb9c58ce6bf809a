/** Reads a body stream into memory with a byte limit and an abort signal (used for time limits). */

export type BodyReadResult =
  | { kind: 'complete'; bytes: Uint8Array<ArrayBuffer> }
  /** More than `maxBytes` arrived; the stream was cancelled without reading the rest. */
  | { kind: 'too-large' }
  /** `signal` fired first (e.g. the body timeout); the stream was cancelled. */
  | { kind: 'aborted' }
  /** The stream errored, e.g. the client disconnected mid-body. */
  | { kind: 'failed' };

export interface ReadBodyOptions {
  maxBytes: number;
  signal?: AbortSignal;
}

function concatenate(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads `body` chunk by chunk, stopping (and cancelling the stream) as soon as the running total
 * passes `maxBytes` or `signal` aborts, so an oversized or dribbled body is never read to its end.
 */
export async function readBodyWithLimit(
  body: ReadableStream<Uint8Array> | null,
  { maxBytes, signal }: ReadBodyOptions,
): Promise<BodyReadResult> {
  if (body === null) return { kind: 'complete', bytes: new Uint8Array(0) };
  const reader = body.getReader();
  // Cancelling settles a pending read() at once, which is how a stalled body gets cut off.
  const cancel = (): void => {
    reader.cancel().catch(() => undefined);
  };
  if (signal?.aborted) {
    cancel();
    return { kind: 'aborted' };
  }
  signal?.addEventListener('abort', cancel, { once: true });
  const chunks: Uint8Array[] = [];
  let totalBytes = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch {
        return signal?.aborted ? { kind: 'aborted' } : { kind: 'failed' };
      }
      if (signal?.aborted) return { kind: 'aborted' };
      if (step.done) return { kind: 'complete', bytes: concatenate(chunks, totalBytes) };
      totalBytes += step.value.byteLength;
      if (totalBytes > maxBytes) {
        cancel();
        return { kind: 'too-large' };
      }
      chunks.push(step.value);
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}
