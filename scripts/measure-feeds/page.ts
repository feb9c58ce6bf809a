// The measurement page of scripts/measure-feeds.ts (bundled by it): the element's camera, detector and gate modules
// on the fake camera's frames, each frame judged by the gate under test (`after`, this checkout's src/gate) and by
// the gate of another commit (`before`: the script points ./before-gate.ts at an extracted copy of its src/gate).
// ?frames=N: frames judged (default 20). Results go to `window.__measure`: `{ done, frames: FrameResult[] }` or
// `{ done, error }`.
import { openCamera } from '../../src/camera/open-camera.ts';
import { createFaceDetector } from '../../src/detector/create-face-detector.ts';
import { detectorAssetUrls } from '../../src/detector/detector-assets.ts';
import { monotonicClock } from '../../src/detector/frame-detector.ts';
import * as after from './after-gate.ts';
import * as before from './before-gate.ts';

type Gate = typeof after | typeof before;

export interface GateResult {
  hint: string | null;
  metrics: Record<string, number | undefined>;
}

export interface FrameResult {
  /** The main (widest confident) face's box and keypoints, in frame pixels, or null. */
  face: { score: number; box: { x: number; y: number; width: number; height: number }; keypoints: { x: number; y: number }[] } | null;
  before: GateResult;
  after: GateResult;
}

declare global {
  interface Window {
    __measure?: { done: true; frames?: FrameResult[]; error?: string };
  }
}

const FRAMES = Number(new URLSearchParams(location.search).get('frames') ?? 20);

function context(size: number): OffscreenCanvasRenderingContext2D {
  return new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true })!;
}

function judge(
  gate: Gate,
  video: HTMLVideoElement,
  result: Parameters<Gate['toFaceDetections']>[0],
  ctx: OffscreenCanvasRenderingContext2D,
): GateResult {
  const assessment = gate.assessFace(
    { detections: gate.toFaceDetections(result), frameWidth: video.videoWidth, frameHeight: video.videoHeight },
    gate.DEFAULT_GATE_THRESHOLDS,
    (box) => gate.computeFaceStats(gate.sampleFaceRegion(video, box, ctx), gate.FACE_SAMPLE_SIZE, gate.FACE_SAMPLE_SIZE),
  );
  return { hint: assessment.hint, metrics: { ...assessment.metrics } };
}

async function measure(): Promise<FrameResult[]> {
  const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true });
  video.srcObject = await openCamera();
  await video.play();
  // tasks-vision's own results, on this page's thread, so both gates judge exactly the same detections.
  const detector = await createFaceDetector(detectorAssetUrls('/assets/', location.href), { log: () => {} });
  const timestamp = monotonicClock();
  const contexts = { before: context(before.FACE_SAMPLE_SIZE), after: context(after.FACE_SAMPLE_SIZE) };
  const frames: FrameResult[] = [];
  while (frames.length < FRAMES) {
    await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
    const result = detector.detectForVideo(video, timestamp(performance.now()));
    const main = after
      .toFaceDetections(result)
      .reduce<ReturnType<typeof after.toFaceDetections>[number] | null>(
        (widest, face) =>
          face.score >= after.DEFAULT_GATE_THRESHOLDS.minScore && (!widest || face.box.width > widest.box.width) ? face : widest,
        null,
      );
    frames.push({
      face: main && {
        score: main.score,
        box: main.box,
        keypoints: main.keypoints.map(({ x, y }) => ({ x: x * video.videoWidth, y: y * video.videoHeight })),
      },
      before: judge(before, video, result, contexts.before),
      after: judge(after, video, result, contexts.after),
    });
  }
  for (const track of video.srcObject.getTracks()) track.stop();
  return frames;
}

measure().then(
  (frames) => (window.__measure = { done: true, frames }),
  (error: unknown) =>
    (window.__measure = { done: true, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
);
