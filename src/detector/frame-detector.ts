import type { FaceDetection } from '../gate/face-detection.js';
import type { FaceStats } from '../gate/face-stats.js';
import type { FrameSource } from './sample-face-region.js';

/** The very frame that was detected, for the capture: draw it (`drawImage`) until {@link DetectedFrame.release}. */
export interface DetectedFrame {
  readonly image: FrameSource;
  readonly width: number;
  readonly height: number;
  /** Frees the frame (a camera buffer or a canvas): whoever holds it must call this once done. Idempotent. */
  release(): void;
}

/** The main face's stats, and the digest of the sample they were measured on (see provenance/sample-digest.ts). */
export interface MeasuredFace extends FaceStats {
  digest: number;
}

/** What the detector found on one frame. */
export interface FrameDetections {
  detections: FaceDetection[];
  frameWidth: number;
  frameHeight: number;
  /** The frame itself, now the caller's: kept for the capture, or released at once. */
  frame: DetectedFrame;
  /**
   * Brightness and focus of the main face (the widest detection with `score ≥ minScore`), measured on the same frame.
   * Only call it when there is a main face.
   */
  measureMainFace(): MeasuredFace;
}

/** Face detection on video frames, on the main thread or in a worker. */
export interface FrameDetector {
  readonly thread: 'worker' | 'main';
  /**
   * Detects faces on `video`'s current frame. `null` when a frame is still being detected: this one is dropped, never
   * queued. Rejects when the detector fails on the frame.
   */
  detect(video: HTMLVideoElement, minScore: number): Promise<FrameDetections | null>;
}

/** A timestamp for `detectForVideo`: tasks-vision rejects one that is not greater than the previous one. */
export function monotonicClock(): (now: number) => number {
  let last = 0;
  return (now) => (last = Math.max(now, last + 1));
}
