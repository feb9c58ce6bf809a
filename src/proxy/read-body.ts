/** Reads a body stream into memory with a byte limit and an abort signal (used for time limits). */

export type BodyReadResult =
  | { kind: 'complete'; bytes: Uint8Array<ArrayBuffer> }
  /** More than `maxBytes` arrived or were announced; the stream was cancelled without reading the rest. */
  | { kind: 'too-large' }
  /** `admit` refused the bytes read so far (e.g. a memory budget); the stream was cancelled. */
  | { kind: 'refused' }
  /** `signal` fired first (e.g. the body timeout); the stream was cancelled. */
  | { kind: 'aborted' }
  /** The stream errored (e.g. the client disconnected mid-body), or its length differs from the announced size. */
  | { kind: 'failed' };

export interface ReadBodyOptions {
  maxBytes: number;
  signal?: AbortSignal;
  /** The announced size (`content-length`): read into one buffer of that size, with no copy at the end. */
  expectedBytes?: number;
  /** Asked with the running total after each chunk; `false` stops reading (`refused`). */
  admit?: (totalBytes: number) => boolean;
}

/**
 * Reads `body` chunk by chunk, stopping (and cancelling the stream) as soon as the running total
 * passes `maxBytes`, `admit` refuses, or `signal` aborts, so an oversized or dribbled body is never
 * read to its end. An announced size is read into one buffer of exactly that size, so the body is
 * held once; an unannounced body is kept as its chunks and joined once at the end.
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
  const stopped = (kind: 'too-large' | 'refused' | 'aborted' | 'failed'): BodyReadResult => {
    cancel();
    return { kind };
  };
  if (signal?.aborted) return stopped('aborted');
  if (expectedBytes !== undefined && expectedBytes > maxBytes) return stopped('too-large');
  const announced = expectedBytes === undefined ? null : new Uint8Array(expectedBytes);
  const chunks: Uint8Array[] = [];
  let totalBytes = 0;
  signal?.addEventListener('abort', cancel);
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch {
        return { kind: signal?.aborted ? 'aborted' : 'failed' };
      }
      if (signal?.aborted) return { kind: 'aborted' };
      if (step.done) {
        if (announced === null) return { kind: 'complete', bytes: joinChunks(chunks, totalBytes) };
        return totalBytes === announced.length ? { kind: 'complete', bytes: announced } : { kind: 'failed' };
      }
      const end = totalBytes + step.value.byteLength;
      if (end > maxBytes) return stopped('too-large');
      if (admit && !admit(end)) return stopped('refused');
      if (announced === null) chunks.push(step.value);
      else if (end > announced.length) return stopped('failed');
      else announced.set(step.value, totalBytes);
      totalBytes = end;
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

function joinChunks(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
