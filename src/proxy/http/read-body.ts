/** Reads a body stream into memory with a byte limit, an idle limit and an abort signal (used for the total time limit). */

import type { ByteLease } from '../limits/byte-budget.js';
import { startDeadline } from '../limits/deadline.js';

export type BodyReadResult =
  | { kind: 'complete'; bytes: Uint8Array<ArrayBuffer> }
  /** More than `maxBytes` arrived or were announced; the stream was cancelled without reading the rest. */
  | { kind: 'too-large' }
  /** `admit` refused the bytes read so far (e.g. a memory budget); the stream was cancelled. */
  | { kind: 'refused' }
  /** `signal` fired first (e.g. the body timeout); the stream was cancelled. */
  | { kind: 'aborted' }
  /** No byte arrived for `idleTimeoutMs`; the stream was cancelled. */
  | { kind: 'stalled' }
  /** The stream errored (e.g. the client disconnected mid-body), or its length differs from the announced size. */
  | { kind: 'failed' };

export interface ReadBodyOptions {
  maxBytes: number;
  signal?: AbortSignal;
  /** The announced size (`content-length`): a body of another length is `failed`, one over `maxBytes` is refused unread. */
  expectedBytes?: number;
  /** Asked with the running total after each chunk; `false` stops reading (`refused`). */
  admit?: (totalBytes: number) => boolean;
  /** Longest wait for the first or the next chunk. */
  idleTimeoutMs?: number;
}

/**
 * Reads `body` chunk by chunk, stopping (and cancelling the stream) as soon as the running total
 * passes `maxBytes`, `admit` refuses, no chunk comes for `idleTimeoutMs`, or `signal` aborts, so an oversized,
 * stalled or dribbled body is never read to its end. The body is kept as its chunks and joined once at the end: memory is only
 * taken for bytes that arrived (a buffer of the announced size would be taken, and filled by the allocator, before
 * any had).
 */
export async function readBodyWithLimit(
  body: ReadableStream<Uint8Array> | null,
  { maxBytes, signal, expectedBytes, admit, idleTimeoutMs }: ReadBodyOptions,
): Promise<BodyReadResult> {
  if (body === null) return { kind: 'complete', bytes: new Uint8Array(0) };
  const reader = body.getReader();
  // Cancelling settles a pending read() at once, which is how a stalled body gets cut off.
  const cancel = (): void => {
    reader.cancel().catch(() => undefined);
  };
  const stopped = (kind: 'too-large' | 'refused' | 'aborted' | 'stalled' | 'failed'): BodyReadResult => {
    cancel();
    return { kind };
  };
  if (signal?.aborted) return stopped('aborted');
  if (expectedBytes !== undefined && expectedBytes > maxBytes) return stopped('too-large');
  const chunks: Uint8Array[] = [];
  let totalBytes = 0;
  let stalled = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const stall = (): void => {
    stalled = true;
    cancel();
  };
  signal?.addEventListener('abort', cancel);
  try {
    for (;;) {
      if (idleTimeoutMs !== undefined) idleTimer = setTimeout(stall, idleTimeoutMs);
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch {
        return { kind: signal?.aborted ? 'aborted' : stalled ? 'stalled' : 'failed' };
      } finally {
        clearTimeout(idleTimer);
      }
      if (signal?.aborted) return { kind: 'aborted' };
      if (stalled) return { kind: 'stalled' };
      if (step.done) {
        if (expectedBytes !== undefined && totalBytes !== expectedBytes) return { kind: 'failed' };
        return { kind: 'complete', bytes: joinChunks(chunks, totalBytes) };
      }
      const end = totalBytes + step.value.byteLength;
      if (end > maxBytes) return stopped('too-large');
      if (admit && !admit(end)) return stopped('refused');
      if (expectedBytes !== undefined && end > expectedBytes) return stopped('failed');
      chunks.push(step.value);
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

/** The announced body length, or `null` when absent or not a plain decimal number. */
export function announcedContentLength(request: Request): number | null {
  const header = request.headers.get('content-length');
  return header !== null && /^\d+$/.test(header) ? Number(header) : null;
}

export interface RequestBodyLimits {
  maxBytes: number;
  /** Grows as the bytes arrive: past its limits the read stops (`refused`). */
  lease: ByteLease;
  /** Deadline for the whole body (`aborted`; also when the request's own signal fires). */
  timeoutMs: number;
  /** Longest wait for the first or the next chunk (`stalled`). */
  idleTimeoutMs: number;
}

/**
 * A request's body within its limits, as the proxy and the demo's form handler read them: an announced size over
 * `maxBytes` is `too-large` unread, and bytes are counted against `lease` as they arrive.
 */
export async function readRequestBody(
  request: Request,
  { maxBytes, lease, timeoutMs, idleTimeoutMs }: RequestBodyLimits,
): Promise<BodyReadResult> {
  const deadline = startDeadline(timeoutMs, request.signal);
  try {
    return await readBodyWithLimit(request.body, {
      maxBytes,
      signal: deadline.signal,
      expectedBytes: announcedContentLength(request) ?? undefined,
      admit: lease.holdUpTo,
      idleTimeoutMs,
    });
  } finally {
    deadline.clear();
  }
}
