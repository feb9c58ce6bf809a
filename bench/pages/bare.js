// Baseline page: only what any tasks-vision app must do. t0 is this module's start; MediaPipe is imported after t0
// (as the element's main-thread path imports it on start()), camera and detector load in parallel (as the element
// does), and "ready" is the end of the first detectForVideo. Then it detects on every new video frame, on the main
// thread, until the harness closes the page (one detection at a time, scheduled like the element's loop).
import {
  ASSETS_URL,
  CAMERA_CONSTRAINTS,
  CHUNK_URL,
  detectorOptions,
  nextVideoFrame,
  probe,
  report,
  reportError,
  timestamp,
} from './common.js';

async function main() {
  const t0 = performance.now();
  const video = document.querySelector('video');
  probe.video = video;
  const detectorPromise = (async () => {
    const { FaceDetector, FilesetResolver } = await import(CHUNK_URL);
    const fileset = await FilesetResolver.forVisionTasks(`${ASSETS_URL}/wasm`);
    return FaceDetector.createFromOptions(fileset, detectorOptions());
  })();
  video.srcObject = await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
  const detector = await detectorPromise;
  await video.play().catch(() => undefined);
  await nextVideoFrame(video);

  const detectMs = [];
  const detect = () => {
    const start = performance.now();
    const found = detector.detectForVideo(video, timestamp()).detections.length;
    detectMs.push(performance.now() - start);
    probe.detected();
    return found;
  };
  const firstDetections = detect();
  report({ readyMs: probe.firstDetectionAt - t0, loadToDetectionMs: probe.firstDetectionAt, firstDetections });
  window.__bench.detectMs = detectMs; // JS-timed detectForVideo, for the results' details
  const tick = () => {
    detect();
    video.requestVideoFrameCallback(tick);
  };
  video.requestVideoFrameCallback(tick);
}

main().catch(reportError);
