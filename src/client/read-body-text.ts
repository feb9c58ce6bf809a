/**
 * Reads `response`'s body as UTF-8 text, stopping (and cancelling the rest of the download) as
 * soon as it exceeds `maxBytes`: a misrouted proxy can answer with anything, of any size.
 *
 * @returns the text, `''` for no body, or `null` when the body is larger than `maxBytes`.
 * @throws whatever reading the body throws (a network failure, or the fetch signal's reason).
 */
export async function readBodyText(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let receivedBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    receivedBytes += value.byteLength;
    if (receivedBytes > maxBytes) {
      // Not awaited: the rest of the body is unwanted, and a failing cancel changes nothing.
      reader.cancel().catch(() => undefined);
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
}
