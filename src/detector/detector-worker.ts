/**
 * The detection worker: tasks-vision's FaceDetector off the page's main thread. Built into a self-contained classic
 * script, `assets/detector-worker.js` (scripts/build-detector-worker.ts): bundlers then ship it as a plain asset, and
 * tasks-vision's loader can be evaluated with `importScripts`.
 */

import type { FaceDetector } from '@mediapipe/tasks-vision';
import { findMainFace } from '../gate/assess-face.js';
import { toFaceDetections } from '../gate/face-detection.js';
import { AssetLoadError } from './asset-load-error.js';
import { createFaceDetector } from './create-face-detector.js';
import { FaceSampler } from './face-sampler.js';
import { monotonicClock } from './frame-detector.js';
import type { FromWorker, ToWorker, WireError } from './worker-protocol.js';

/** This worker's global scope (the DOM typings describe a window). */
const worker = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
};
const post = (message: FromWorker): void => worker.postMessage(message);

function toWire(error: unknown): WireError {
  if (error instanceof AssetLoadError) {
    return { name: error.name, message: error.message, url: error.url, ...(error.status === undefined ? {} : { status: error.status }) };
  }
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

let detector: Promise<FaceDetector> | undefined;
const timestamp = monotonicClock();
const sampler = new FaceSampler();

async function detect({ id, frame, timestamp: capturedAt, minScore }: Extract<ToWorker, { type: 'detect' }>): Promise<void> {
  try {
    const faceDetector = await detector!;
    const detections = toFaceDetections(faceDetector.detectForVideo(frame, timestamp(capturedAt)));
    const mainFace = findMainFace(detections, minScore);
    post({ type: 'detected', id, detections, mainFaceStats: mainFace ? sampler.measure(frame, mainFace.box) : null });
  } catch (error) {
    post({ type: 'detect-failed', id, error: toWire(error) });
  } finally {
    frame.close();
  }
}

worker.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type === 'init') {
    detector = createFaceDetector(message.urls, { log: (line) => post({ type: 'log', line }) });
    detector.then(
      () => post({ type: 'ready' }),
      (error: unknown) => post({ type: 'init-failed', error: toWire(error), assets: error instanceof AssetLoadError }),
    );
  } else {
    void detect(message);
  }
});
