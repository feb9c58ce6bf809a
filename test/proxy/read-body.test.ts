import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { readBodyWithLimit } from '../../src/proxy/http/read-body.js';

/** A stream of the given chunks, recording whether it was cancelled and how many chunks were pulled. */
function chunked(chunks: Uint8Array[]) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks.length) return controller.close();
      controller.enqueue(chunks[state.pulled]);
      state.pulled += 1;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

/** `count` bytes counting up from `from`, so a chunk landing at the wrong offset shows. */
const counting = (count: number, from = 0) => Uint8Array.from({ length: count }, (_, index) => (from + index) % 251);

describe('readBodyWithLimit', () => {
  it('joins an unannounced body’s chunks in order', async () => {
    const whole = counting(50_000);
    const chunks = [whole.subarray(0, 1), whole.subarray(1, 20_000), whole.subarray(20_000, 20_001), whole.subarray(20_001)];
    const result = await readBodyWithLimit(chunked(chunks).stream, { maxBytes: 1_000_000 });
    assert.ok(result.kind === 'complete');
    assert.deepEqual(result.bytes, whole);
    assert.equal(result.bytes.buffer.byteLength, 50_000, 'one buffer of the body’s size');
  });

  it('reads an announced size in several chunks into one buffer of that size', async () => {
    const whole = counting(3_000);
    const result = await readBodyWithLimit(chunked([whole.subarray(0, 1_000), whole.subarray(1_000)]).stream, {
      maxBytes: 10_000,
      expectedBytes: 3_000,
    });
    assert.ok(result.kind === 'complete');
    assert.deepEqual(result.bytes, whole);
    assert.equal(result.bytes.buffer.byteLength, 3_000);
  });

  it('is failed when fewer bytes arrive than announced, or more (cancelled at the first byte too many)', async () => {
    const short = await readBodyWithLimit(chunked([counting(10)]).stream, { maxBytes: 100, expectedBytes: 50 });
    assert.deepEqual(short, { kind: 'failed' });
    const long = chunked([counting(30), counting(11), counting(30)]);
    assert.deepEqual(await readBodyWithLimit(long.stream, { maxBytes: 100, expectedBytes: 40 }), { kind: 'failed' });
    assert.equal(long.state.cancelled, true);
    assert.equal(long.state.pulled, 2, 'nothing read past the announced size');
  });

  it('reads an announced size of exactly maxBytes, and is too-large without reading when more is announced', async () => {
    const exact = await readBodyWithLimit(chunked([counting(100)]).stream, { maxBytes: 100, expectedBytes: 100 });
    assert.deepEqual(exact.kind === 'complete' && exact.bytes, counting(100));
    const over = chunked([counting(10)]);
    assert.deepEqual(await readBodyWithLimit(over.stream, { maxBytes: 100, expectedBytes: 101 }), { kind: 'too-large' });
    assert.equal(over.state.cancelled, true);
    assert.equal(over.state.pulled, 0);
  });

  it('reads exactly maxBytes, and cancels the stream one byte past it', async () => {
    const exact = await readBodyWithLimit(chunked([counting(60), counting(40, 60)]).stream, { maxBytes: 100 });
    assert.deepEqual(exact.kind === 'complete' && exact.bytes, counting(100));
    const over = chunked([counting(60), counting(41), counting(1_000)]);
    assert.deepEqual(await readBodyWithLimit(over.stream, { maxBytes: 100 }), { kind: 'too-large' });
    assert.equal(over.state.cancelled, true);
    assert.equal(over.state.pulled, 2, 'nothing read past the limit');
  });

  it('is an empty complete body without a stream (a POST with no body)', async () => {
    const result = await readBodyWithLimit(null, { maxBytes: 100 });
    assert.deepEqual(result.kind === 'complete' && result.bytes, new Uint8Array(0));
  });

  it('asks admit with the running total, and cancels when it refuses', async () => {
    const totals: number[] = [];
    const body = chunked([counting(10), counting(20), counting(30)]);
    const result = await readBodyWithLimit(body.stream, {
      maxBytes: 100,
      admit: (total) => {
        totals.push(total);
        return total <= 30;
      },
    });
    assert.deepEqual(result, { kind: 'refused' });
    assert.deepEqual(totals, [10, 30, 60]);
    assert.equal(body.state.cancelled, true);
  });

  it('is aborted at once, without reading, when the signal has already fired', async () => {
    const body = chunked([counting(10)]);
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await readBodyWithLimit(body.stream, { maxBytes: 100, signal: controller.signal }), { kind: 'aborted' });
    assert.equal(body.state.cancelled, true);
    assert.equal(body.state.pulled, 0);
  });

  it('is aborted when the signal fires during a stalled read, cancelling the stream', async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => undefined),
      cancel() {
        cancelled = true;
      },
    });
    // A ref'd timer: AbortSignal.timeout's is not, and with the read stalled nothing else would keep the test alive.
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 20);
    const result = await readBodyWithLimit(stalled, { maxBytes: 100, signal: deadline.signal });
    assert.deepEqual(result, { kind: 'aborted' });
    assert.equal(cancelled, true);
  });

  it('is stalled when no chunk comes for idleTimeoutMs, first or next, cancelling the stream', async () => {
    for (const before of [[], [counting(10)]]) {
      let cancelled = false;
      const chunks = [...before];
      const stalling = new ReadableStream<Uint8Array>({
        pull: (controller) => {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else return new Promise(() => undefined);
        },
        cancel() {
          cancelled = true;
        },
      });
      assert.deepEqual(await readBodyWithLimit(stalling, { maxBytes: 100, idleTimeoutMs: 20 }), { kind: 'stalled' });
      assert.equal(cancelled, true);
    }
  });

  it('is not stalled by a body whose chunks each come within idleTimeoutMs, however long it takes in all', async () => {
    const chunks = Array.from({ length: 6 }, (_, index) => counting(10, index * 10));
    const slow = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const result = await readBodyWithLimit(slow, { maxBytes: 100, idleTimeoutMs: 40 });
    assert.equal(result.kind, 'complete');
  });

  it('is aborted when the signal fires between chunks', async () => {
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      pull(streamController) {
        streamController.enqueue(counting(10));
        controller.abort();
      },
    });
    assert.deepEqual(await readBodyWithLimit(stream, { maxBytes: 100, signal: controller.signal }), { kind: 'aborted' });
  });

  it('is failed when the stream errors (the client went away)', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    assert.deepEqual(await readBodyWithLimit(broken, { maxBytes: 100, signal: new AbortController().signal }), { kind: 'failed' });
  });

  it('stops listening to the signal once done', async () => {
    const controller = new AbortController();
    await readBodyWithLimit(chunked([counting(10)]).stream, { maxBytes: 100, signal: controller.signal });
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
