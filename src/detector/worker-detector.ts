/** The page's side of the detection worker: frames go over as transferable objects, detections come back. */

import { AssetLoadError } from './asset-load-error.js';
import type { DetectorAssetUrls } from './detector-assets.js';
import { detectionTurns } from './detection-turns.js';
import type { DetectedFrame, FrameDetector } from './frame-detector.js';
import type { MediaPipeLog } from './wasm-runtime.js';
import type { FromWorker, ToWorker, WireError } from './worker-protocol.js';

/** The worker could not run the detector at all (no script, no WebGL there…): detection should stay on the page. */
export class WorkerUnavailableError extends Error {
  override name = 'WorkerUnavailableError';
}

function fromWire(error: WireError): Error {
  if (error.name === 'AssetLoadError' && error.url !== undefined) {
    const detail = error.message.startsWith(`${error.url}: `) ? error.message.slice(error.url.length + 2) : error.message;
    return new AssetLoadError(error.url, error.status, detail);
  }
  return Object.assign(new Error(error.message), { name: error.name });
}

/**
 * A frame of `video` as a transferable object, without copying it on the main thread where `VideoFrame` exists.
 * Full size: the model scales it to 192×192 itself, and the face sample that measures focus needs the full
 * resolution (a face 15 % of a 640-wide frame would be upscaled into its 128 px sample and read as blurred).
 */
async function grabFrame(video: HTMLVideoElement): Promise<VideoFrame | ImageBitmap> {
  return typeof VideoFrame === 'function' ? new VideoFrame(video) : createImageBitmap(video);
}

/**
 * A copy of `frame` the page keeps while the original goes to the worker: a VideoFrame's clone shares its buffer (no
 * pixel copy); an ImageBitmap is copied on the GPU.
 */
async function keepCopy(frame: VideoFrame | ImageBitmap, width: number, height: number): Promise<DetectedFrame> {
  const image = frame instanceof ImageBitmap ? await createImageBitmap(frame) : frame.clone();
  return { image, width, height, release: () => image.close() };
}

/**
 * Starts the worker at `urls.worker` and loads the detector in it. Rejects with the `AssetLoadError` of a missing
 * model or WASM, or a {@link WorkerUnavailableError} when the worker itself cannot run it.
 */
export function startWorkerDetector(urls: DetectorAssetUrls, log: MediaPipeLog): Promise<FrameDetector> {
  let worker: Worker;
  try {
    worker = new Worker(urls.worker, { name: 'liveness-check detector' });
  } catch (error) {
    return Promise.reject(new WorkerUnavailableError(`The detection worker could not start: ${String(error)}`, { cause: error }));
  }
  const pending = new Map<
    number,
    { resolve: (message: Extract<FromWorker, { type: 'detected' }>) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let inFlight = false;
  // Elements on one page share this worker: each gets frames detected in turn. A caller that asks every frame
  // (15–30 fps) is never stale; one silent for half a second has stopped.
  const turns = detectionTurns<HTMLVideoElement>(500);
  let failure: Error | undefined;

  return new Promise<FrameDetector>((resolve, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      failure = new WorkerUnavailableError(`The detection worker failed: ${event.message || 'its script did not load'}`);
      reject(failure);
      for (const request of pending.values()) request.reject(failure);
      pending.clear();
    });
    worker.addEventListener('message', ({ data: message }: MessageEvent<FromWorker>) => {
      switch (message.type) {
        case 'log':
          return log(message.line);
        case 'init-failed': {
          const error = fromWire(message.error);
          worker.terminate();
          return reject(
            message.assets
              ? error
              : new WorkerUnavailableError(`The detector did not start in the worker: ${error.message}`, { cause: error }),
          );
        }
        case 'detected':
        case 'detect-failed': {
          const request = pending.get(message.id);
          pending.delete(message.id);
          if (message.type === 'detected') request?.resolve(message);
          else request?.reject(fromWire(message.error));
          return;
        }
        case 'ready':
          return resolve({
            thread: 'worker',
            async detect(video, minScore) {
              if (failure) throw failure;
              if (!turns.claim(video, performance.now(), inFlight)) return null;
              inFlight = true;
              try {
                const frameWidth = video.videoWidth;
                const frameHeight = video.videoHeight;
                const timestamp = performance.now();
                const frame = await grabFrame(video);
                const copy = await keepCopy(frame, frameWidth, frameHeight);
                const id = (nextId += 1);
                const reply = new Promise<Extract<FromWorker, { type: 'detected' }>>((onReply, onFailure) =>
                  pending.set(id, { resolve: onReply, reject: onFailure }),
                );
                worker.postMessage({ type: 'detect', id, frame, timestamp, minScore } satisfies ToWorker, [frame]);
                let found;
                try {
                  found = await reply;
                } catch (error) {
                  copy.release();
                  throw error;
                }
                const { detections, mainFaceStats } = found;
                return { detections, frameWidth, frameHeight, frame: copy, measureMainFace: () => mainFaceStats! };
              } finally {
                inFlight = false;
              }
            },
          });
      }
    });
    worker.postMessage({ type: 'init', urls } satisfies ToWorker);
  });
}
