import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isVirtualCameraLabel } from '../../../src/camera/virtual-camera.js';

describe('isVirtualCameraLabel', () => {
  it('recognises the labels virtual-camera software registers, with or without a USB id, in any case', () => {
    const virtual = [
      'OBS Virtual Camera',
      'OBS Virtual Camera (m-de:vice)',
      'OBS-Camera',
      'OBS-Camera2',
      'ManyCam Virtual Webcam',
      'ManyCam Virtual Webcam (pleV:ideo)',
      'ManyCam Video Source',
      'Snap Camera',
      'XSplit VCam',
      'e2eSoft VCam',
      'VCam 03',
      'CamTwist',
      'mmhmm Camera',
      'Camera (NVIDIA Broadcast)',
      'Logi Capture',
      'NDI Webcam Video 1',
      'Elgato Virtual Camera',
      'Streamlabs Desktop Virtual Webcam',
      'SplitCam Video Driver',
      'vMix Video',
      'ChromaCam',
      'Dummy video device (0x0000)',
      'obs virtual camera',
    ];
    for (const label of virtual) assert.equal(isVirtualCameraLabel(label), true, label);
  });

  it('does not take real cameras, or names that merely look alike, for virtual ones', () => {
    const real = [
      'Integrated Camera',
      'Integrated Webcam (0c45:6713)',
      'FaceTime HD Camera (Built-in)',
      'FaceTime HD Camera (05ac:8514)',
      'HD Pro Webcam C920 (046d:082d)',
      'Logi C270 HD WebCam',
      'Logitech BRIO',
      'Logitech StreamCam',
      'OBSBOT Tiny 2 StreamCam',
      'Elgato Facecam',
      'Microsoft® LifeCam HD-3000',
      'Razer Kiyo',
      'USB2.0 HD UVC WebCam',
      'Snapdragon camera',
      'iVCam',
      'camera2 1, facing front',
      'Front Camera',
      'fake_device_0',
      '',
    ];
    for (const label of real) assert.equal(isVirtualCameraLabel(label), false, label);
  });
});
