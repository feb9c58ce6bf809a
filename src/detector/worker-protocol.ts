/** The messages between the page and the detection worker (src/detector/detector-worker.ts). */

import type { FaceDetection } from '../gate/face-detection.js';
import type { DetectorAssetUrls } from './detector-assets.js';
import type { MeasuredFace } from './frame-detector.js';

export type ToWorker =
  /** Load the WASM and the model (the URLs come from the page: a classic worker has no `import.meta`). */
  | { type: 'init'; urls: DetectorAssetUrls }
  /** Detect on `frame` (transferred; the worker closes it) and measure the main face. */
  | { type: 'detect'; id: number; frame: VideoFrame | ImageBitmap; timestamp: number; minScore: number };

/** An error as it can cross `postMessage`, keeping what `AssetLoadError` says. */
export interface WireError {
  name: string;
  message: string;
  url?: string;
  status?: number;
}

export type FromWorker =
  | { type: 'ready' }
  /** `init` failed; `assets`: because a file could not be loaded (the page would fail the same way). */
  | { type: 'init-failed'; error: WireError; assets: boolean }
  | { type: 'detected'; id: number; detections: FaceDetection[]; mainFaceStats: MeasuredFace | null }
  | { type: 'detect-failed'; id: number; error: WireError }
  /** A line MediaPipe printed (see the debug channel). */
  | { type: 'log'; line: string };
