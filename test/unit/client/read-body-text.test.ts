import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBodyText } from '../../../src/client/read-body-text.js';

/** A body delivered in the given chunks, recording whether the reader cancelled it. */
function chunkedResponse(chunks: Uint8Array[]) {
  const stream = { cancelled: false };
  const response = new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      cancel() {
        stream.cancelled = true;
      },
    }),
  );
  return { response, stream };
}

describe('readBodyText', () => {
  it('decodes UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('{"message":"visage non détecté"}');
    const splitInsideTheAccent = bytes.indexOf(0xc3) + 1;
    const { response } = chunkedResponse([bytes.subarray(0, splitInsideTheAccent), bytes.subarray(splitInsideTheAccent)]);
    assert.equal(await readBodyText(response, 1024), '{"message":"visage non détecté"}');
  });

  it('reads a body of exactly maxBytes', async () => {
    assert.equal(await readBodyText(new Response('x'.repeat(10)), 10), 'x'.repeat(10));
  });

  it('returns null past maxBytes and cancels the rest of the download', async () => {
    const { response, stream } = chunkedResponse([new Uint8Array(8), new Uint8Array(8), new Uint8Array(8)]);
    assert.equal(await readBodyText(response, 10), null);
    assert.equal(stream.cancelled, true);
  });

  it("returns '' when there is no body", async () => {
    assert.equal(await readBodyText(new Response(null, { status: 204 }), 10), '');
  });
});
