// Capture benchmark page (bundled by scripts/bench.ts into .cache/bench/build/capture.js): the element's own
// encoder on the centred fake-camera feed, with the element's defaults (maxSide 1280, maxBytes 500000).
// Each run, on a fresh frame, times encodeJpegWithinBudget (draw + JPEG within budget) + bytesToBase64, as the
// element's `captureMs` does. Then it makes the proxy benchmark's body: a JPEG of the same frame whose
// `{"data": "<base64>"}` JSON is as close as possible to ?bodyBytes= (default 200000) without exceeding it.
import { encodeJpegWithinBudget } from '../../src/capture/encode-jpeg-within-budget.ts';
import { bytesToBase64 } from '../../src/capture/bytes-to-base64.ts';

/** One timed capture, as the page reports it to the bench (bench/lib/browser-figures.ts reads it). */
export interface CaptureRun {
  totalMs: number;
  encodeMs: number;
  base64Ms: number;
  encodes: number;
  bytes: number;
  base64Length: number;
  quality: number;
  width: number;
  height: number;
}

type Bench = { done: true; error?: string } & Record<string, unknown>;
declare global {
  interface Window {
    __bench?: Bench;
  }
}

const params = new URLSearchParams(location.search);
const RUNS = Number(params.get('runs') ?? 20);
const WARMUP = Number(params.get('warmup') ?? 3);
const BODY_BYTES = Number(params.get('bodyBytes') ?? 200_000);

// Counts JPEG encodes (the encoder should need one when the top quality fits the budget).
let encodes = 0;
const nativeConvertToBlob = OffscreenCanvas.prototype.convertToBlob;
OffscreenCanvas.prototype.convertToBlob = function (this: OffscreenCanvas, ...args: Parameters<OffscreenCanvas['convertToBlob']>) {
  encodes++;
  return nativeConvertToBlob.apply(this, args);
};
const nativeToBlob = HTMLCanvasElement.prototype.toBlob;
HTMLCanvasElement.prototype.toBlob = function (this: HTMLCanvasElement, ...args: Parameters<HTMLCanvasElement['toBlob']>) {
  encodes++;
  return nativeToBlob.apply(this, args);
};

function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => video.requestVideoFrameCallback(() => resolve()));
}

async function jpegOfQuality(canvas: OffscreenCanvas, quality: number): Promise<Uint8Array> {
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Uint8Array(await blob.arrayBuffer());
}

/** The highest quality (to 1/100) whose JSON body fits `bodyBytes`: a real camera JPEG of the wanted size. */
async function payloadJpeg(video: HTMLVideoElement, bodyBytes: number): Promise<{ base64: string; quality: number }> {
  const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  const bodyLength = (base64: string) => JSON.stringify({ data: base64 }).length;
  let low = 1;
  let high = 100;
  let best = { base64: bytesToBase64(await jpegOfQuality(canvas, 0.01)), quality: 0.01 };
  while (low <= high) {
    const middle = (low + high) >> 1;
    const base64 = bytesToBase64(await jpegOfQuality(canvas, middle / 100));
    if (bodyLength(base64) <= bodyBytes) {
      best = { base64, quality: middle / 100 };
      low = middle + 1;
    } else high = middle - 1;
  }
  return best;
}

async function main(): Promise<void> {
  const video = document.querySelector('video')!;
  video.srcObject = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' },
    audio: false,
  });
  await video.play().catch(() => undefined);
  for (let i = 0; i < 3; i++) await nextFrame(video);

  const runs: CaptureRun[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    await nextFrame(video);
    encodes = 0;
    const start = performance.now();
    const image = await encodeJpegWithinBudget(video, video.videoWidth, video.videoHeight, { maxSide: 1280, maxBytes: 500_000 });
    const encoded = performance.now();
    const base64 = bytesToBase64(image.bytes);
    const end = performance.now();
    if (run >= WARMUP) {
      runs.push({
        totalMs: end - start,
        encodeMs: encoded - start,
        base64Ms: end - encoded,
        encodes,
        bytes: image.bytes.byteLength,
        base64Length: base64.length,
        quality: image.quality,
        width: image.width,
        height: image.height,
      });
    }
  }
  const payload = await payloadJpeg(video, BODY_BYTES);
  for (const track of video.srcObject.getTracks()) track.stop();
  window.__bench = {
    done: true,
    runs,
    videoSize: [video.videoWidth, video.videoHeight],
    nativeToBase64: typeof (Uint8Array.prototype as { toBase64?: unknown }).toBase64 === 'function',
    payload,
  };
}

main().catch((error: unknown) => {
  window.__bench = { done: true, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error) };
});
