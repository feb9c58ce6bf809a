// Baseline page: only what any tasks-vision app must do. t0 is this module's start; MediaPipe is imported
// after t0 (as the element imports it on start()), camera and detector load in parallel (as the element
// does), and "ready" is the end of the first detectForVideo.
//   ?mode=ready                 time to ready
//   ?mode=frames&frames=N       then N more detections, one per video frame, each timed
import {
  CAMERA_CONSTRAINTS,
  CHUNK_URL,
  detectorOptions,
  loopStats,
  nativeRequestVideoFrameCallback,
  nextVideoFrame,
  params,
  report,
  reportError,
  timestamp,
  ASSETS_URL,
} from './common.js';

const mode = params.get('mode') ?? 'ready';
const frames = Number(params.get('frames') ?? 60);
const warmup = Number(params.get('warmup') ?? 5);

async function main() {
  const t0 = performance.now();
  const detectorPromise = (async () => {
    const { FaceDetector, FilesetResolver } = await import(CHUNK_URL);
    const fileset = await FilesetResolver.forVisionTasks(`${ASSETS_URL}/wasm`);
    return FaceDetector.createFromOptions(fileset, detectorOptions());
  })();
  const stream = await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
  const detector = await detectorPromise;
  const video = document.querySelector('video');
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  await nextVideoFrame(video);
  const first = detector.detectForVideo(video, timestamp());
  const readyMs = performance.now() - t0;
  const result = { mode, readyMs, firstDetections: first.detections.length };
  if (mode !== 'frames') return report(result);

  // One detection per presented frame, scheduled like the element's loop (after the previous one returned).
  const records = [];
  let inFlight = 0;
  let overlaps = 0;
  await new Promise((resolve) => {
    let seen = 0;
    const tick = (now, metadata) => {
      const start = performance.now();
      if (++inFlight > 1) overlaps++;
      const detections = detector.detectForVideo(video, timestamp()).detections.length;
      inFlight--;
      const end = performance.now();
      if (seen++ >= warmup) records.push({ start, end, presentedFrames: metadata.presentedFrames, detections });
      if (records.length >= frames) resolve();
      else nativeRequestVideoFrameCallback.call(video, tick);
    };
    nativeRequestVideoFrameCallback.call(video, tick);
  });
  const track = stream.getVideoTracks()[0];
  report({
    ...result,
    perFrameMs: records.map((r) => r.end - r.start),
    detectMs: records.map((r) => r.end - r.start),
    overlaps,
    facesFound: records.filter((r) => r.detections === 1).length,
    ...loopStats(records, track),
    videoSize: [video.videoWidth, video.videoHeight],
  });
  for (const t of stream.getTracks()) t.stop();
  detector.close();
}

main().catch(reportError);
