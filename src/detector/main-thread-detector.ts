import type { FaceDetector } from '@mediapipe/tasks-vision';
import { findMainFace } from '../gate/assess-face.js';
import { toFaceDetections } from '../gate/face-detection.js';
import { FaceSampler } from './face-sampler.js';
import { monotonicClock, type FrameDetector } from './frame-detector.js';

/**
 * Detection on the page's own thread, where a worker cannot run tasks-vision (no WebGL on `OffscreenCanvas`, as in
 * WebKitGTK). Each frame is copied to a canvas first and detected and measured there: handed the `<video>` itself
 * inside a frame callback, WebKitGTK now and then gives tasks-vision a blank texture (about 1 frame in 80 here), and
 * that "no face" restarted the hold; the copy also makes detection and measurement see the very same pixels, and is
 * the frame handed on for the capture. Canvases are reused once released (two are in use at most: the frame kept for
 * the capture and the one being detected).
 */
export function mainThreadDetector(faceDetector: FaceDetector): FrameDetector {
  const timestamp = monotonicClock();
  const sampler = new FaceSampler();
  const free: HTMLCanvasElement[] = [];
  return {
    thread: 'main',
    async detect(video, minScore) {
      const { videoWidth: frameWidth, videoHeight: frameHeight } = video;
      const copy = free.pop() ?? document.createElement('canvas');
      const context = copy.getContext('2d')!;
      // Resized, or else cleared: a frame that draws nothing must read as no face, never as an earlier frame's.
      if (copy.width !== frameWidth || copy.height !== frameHeight) Object.assign(copy, { width: frameWidth, height: frameHeight });
      else context.clearRect(0, 0, frameWidth, frameHeight);
      context.drawImage(video, 0, 0);
      let released = false;
      const frame = {
        image: copy,
        width: frameWidth,
        height: frameHeight,
        release: () => {
          if (!released) free.push(copy);
          released = true;
        },
      };
      try {
        const detections = toFaceDetections(faceDetector.detectForVideo(copy, timestamp(performance.now())));
        return {
          detections,
          frameWidth,
          frameHeight,
          frame,
          measureMainFace: () => sampler.measure(copy, findMainFace(detections, minScore)!.box),
        };
      } catch (error) {
        frame.release();
        throw error;
      }
    },
  };
}
