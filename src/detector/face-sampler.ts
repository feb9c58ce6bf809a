import type { FaceBox } from '../gate/face-detection.js';
import { computeFaceStats, FACE_SAMPLE_SIZE } from '../gate/face-stats.js';
import { sampleDigest } from '../provenance/sample-digest.js';
import type { MeasuredFace } from './frame-detector.js';
import { sampleFaceRegion, type FrameSource } from './sample-face-region.js';

type SampleContext = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/**
 * Brightness and focus of a face box in a frame, on a small canvas created once and reused every frame, with the
 * sample's digest (consecutive identical samples mean a frozen feed).
 */
export class FaceSampler {
  #context: SampleContext | undefined;

  measure(frame: FrameSource, box: FaceBox): MeasuredFace {
    const pixels = sampleFaceRegion(frame, box, this.#sampleContext());
    return { ...computeFaceStats(pixels, FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE), digest: sampleDigest(pixels) };
  }

  #sampleContext(): SampleContext {
    if (!this.#context) {
      const canvas =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE)
          : Object.assign(document.createElement('canvas'), { width: FACE_SAMPLE_SIZE, height: FACE_SAMPLE_SIZE });
      this.#context = canvas.getContext('2d', { willReadFrequently: true }) as SampleContext;
    }
    return this.#context;
  }
}
