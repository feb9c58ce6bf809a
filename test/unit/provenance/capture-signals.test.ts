import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  captureSignals,
  FROZEN_MIN_IDENTICAL_PAIRS,
  LOW_FRAME_RATE_FPS,
  MIN_TIMING_WINDOW_MS,
  type CaptureFacts,
} from '../../../src/provenance/capture-signals.js';

/** A real webcam's facts: nothing to report. */
const WEBCAM: CaptureFacts = {
  label: 'HD Pro Webcam C920 (046d:082d)',
  webdriver: false,
  samples: { compared: 40, identical: 0 },
  declared: { width: 1280, height: 720, frameRate: 30 },
  frame: { width: 1280, height: 720 },
  timing: { windowMs: 2000, presentedFrames: 60, expectedFrames: 60, fps: 30, jitterMs: 2 },
};
const signalsWith = (facts: Partial<CaptureFacts>) => captureSignals({ ...WEBCAM, ...facts });
const timing = (fps: number, windowMs = 2000) => ({ windowMs, presentedFrames: Math.round((fps * windowMs) / 1000), fps, jitterMs: 1 });

describe('captureSignals', () => {
  it('reports nothing for a real webcam', () => {
    assert.deepEqual(captureSignals(WEBCAM), []);
  });

  it('reports virtual-camera from the label', () => {
    assert.deepEqual(signalsWith({ label: 'OBS Virtual Camera' }), ['virtual-camera']);
    assert.deepEqual(signalsWith({ label: '' }), []);
  });

  it('reports frozen-feed from enough identical pairs, and enough of them', () => {
    assert.deepEqual(signalsWith({ samples: { compared: 9, identical: 9 } }), ['frozen-feed']);
    assert.deepEqual(signalsWith({ samples: { compared: 4, identical: FROZEN_MIN_IDENTICAL_PAIRS } }), ['frozen-feed']);
    assert.deepEqual(signalsWith({ samples: { compared: 3, identical: FROZEN_MIN_IDENTICAL_PAIRS - 1 } }), []);
    assert.deepEqual(signalsWith({ samples: { compared: 20, identical: 10 } }), ['frozen-feed']);
    // One frame in six handed over twice (a looping file, a frame-rate converter): not a still.
    assert.deepEqual(signalsWith({ samples: { compared: 21, identical: 4 } }), []);
    assert.deepEqual(signalsWith({ samples: { compared: 20, identical: 9 } }), []);
  });

  it('reports timing-mismatch for frames of another size than declared, in neither orientation', () => {
    assert.deepEqual(signalsWith({ frame: { width: 640, height: 480 } }), ['timing-mismatch']);
    assert.deepEqual(signalsWith({ frame: { width: 720, height: 1280 } }), [], 'a phone held upright');
    assert.deepEqual(signalsWith({ declared: { frameRate: 30 }, frame: { width: 640, height: 480 } }), [], 'no size declared');
  });

  it('reports timing-mismatch for frames faster than declared, never for slower ones', () => {
    assert.deepEqual(signalsWith({ timing: timing(60) }), ['timing-mismatch']);
    assert.deepEqual(signalsWith({ timing: timing(38) }), [], 'within a quarter and one frame');
    assert.deepEqual(signalsWith({ timing: timing(15) }), [], 'a camera halving its rate in low light');
    assert.deepEqual(signalsWith({ declared: { width: 1280, height: 720 }, timing: timing(60) }), [], 'no rate declared');
  });

  it('reports low-frame-rate below LOW_FRAME_RATE_FPS', () => {
    assert.deepEqual(signalsWith({ timing: timing(LOW_FRAME_RATE_FPS - 0.5) }), ['low-frame-rate']);
    assert.deepEqual(signalsWith({ timing: timing(LOW_FRAME_RATE_FPS) }), []);
  });

  it('judges no frame rate over less than MIN_TIMING_WINDOW_MS, nor without timing', () => {
    assert.deepEqual(signalsWith({ timing: timing(1, MIN_TIMING_WINDOW_MS - 1) }), []);
    assert.deepEqual(signalsWith({ timing: timing(120, MIN_TIMING_WINDOW_MS - 1) }), []);
    assert.deepEqual(signalsWith({ timing: undefined }), []);
  });

  it('reports automation when navigator.webdriver is true', () => {
    assert.deepEqual(signalsWith({ webdriver: true }), ['automation']);
  });

  it('lists every signal in the contract order', () => {
    const all = captureSignals({
      label: 'ManyCam Virtual Webcam',
      webdriver: true,
      samples: { compared: 10, identical: 10 },
      declared: { width: 1280, height: 720, frameRate: 30 },
      frame: { width: 640, height: 360 },
      timing: timing(2),
    });
    assert.deepEqual(all, ['virtual-camera', 'frozen-feed', 'timing-mismatch', 'low-frame-rate', 'automation']);
  });
});
