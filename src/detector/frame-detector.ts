import type { FaceDetection } from '../gate/face-detection.js';
import type { FaceStats } from '../gate/face-stats.js';

/** What the detector found on one frame. */
export interface FrameDetections {
  detections: FaceDetection[];
  frameWidth: number;
  frameHeight: number;
  /**
   * Brightness and focus of the main face (the widest detection with `score ≥ minScore`), measured on the same frame.
   * Only call it when there is a main face.
   */
  measureMainFace(): FaceStats;
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
