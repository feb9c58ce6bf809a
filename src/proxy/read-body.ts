/** Reads a body stream into memory with a byte limit and an abort signal (used for time limits). */

export type BodyReadResult =
  | { kind: 'complete'; bytes: Uint8Array<ArrayBuffer> }
  /** More than `maxBytes` arrived; the stream was cancelled without reading the rest. */
  | { kind: 'too-large' }
  /** `admit` refused the bytes read so far (e.g. a memory budget); the stream was cancelled. */
  | { kind: 'refused' }
  /** `signal` fired first (e.g. the body timeout); the stream was cancelled. */
  | { kind: 'aborted' }
  /** The stream errored, e.g. the client disconnected mid-body. */
  | { kind: 'failed' };

export interface ReadBodyOptions {
  maxBytes: number;
  signal?: AbortSignal;
  /** The announced size (`content-length`): read into one buffer of that size, with no copy at the end. */
  expectedBytes?: number;
  /** Asked with the running total after each chunk; `false` stops reading (`refused`). */
  admit?: (totalBytes: number) => boolean;
}

/** First buffer when the size is not announced; it doubles as needed. */
// Stryker disable next-line ArithmeticOperator: any starting size reads the same bytes; only the number of copies differs
const INITIAL_CAPACITY = 16 * 1024;

/**
 * Reads `body` chunk by chunk, stopping (and cancelling the stream) as soon as the running total
 * passes `maxBytes`, `admit` refuses, or `signal` aborts, so an oversized or dribbled body is never
 * read to its end. Chunks are copied into one growing buffer, so at most the body plus one chunk is
 * held at any time (never a list of chunks and their concatenation).
 */
export async function readBodyWithLimit(
  body: ReadableStream<Uint8Array> | null,
  { maxBytes, signal, expectedBytes, admit }: ReadBodyOptions,
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
  let buffer = new Uint8Array(expectedBytes !== undefined && expectedBytes <= maxBytes ? expectedBytes : INITIAL_CAPACITY);
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
      if (step.done) return { kind: 'complete', bytes: totalBytes === buffer.length ? buffer : buffer.slice(0, totalBytes) };
      const end = totalBytes + step.value.byteLength;
      if (end > maxBytes) {
        cancel();
        return { kind: 'too-large' };
      }
      if (admit && !admit(end)) {
        cancel();
        return { kind: 'refused' };
      }
      if (end > buffer.length) {
        const grown = new Uint8Array(Math.min(maxBytes, Math.max(end, buffer.length * 2)));
        grown.set(buffer.subarray(0, totalBytes));
        buffer = grown;
      }
      buffer.set(step.value, totalBytes);
      totalBytes = end;
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}
