/**
 * Virtual-camera software, recognised by the device label it registers (what `MediaStreamTrack.label` and
 * `enumerateDevices()` show, sometimes followed by a USB id such as ` (0bda:58f4)`). One list, for both the camera
 * choice (src/camera/open-camera.ts skips these when a real camera exists) and the capture report's
 * `virtual-camera` signal. Only software that outputs a camera device, not a real camera: a name that is also a
 * webcam's (OBSBOT, Elgato Facecam, Logitech's webcams) must not match. Labels are only readable once permission is
 * granted; a renamed device is not recognised (a hint, not a guarantee).
 */
const VIRTUAL_CAMERAS: readonly RegExp[] = [
  // Any label with the word "virtual", as Amplify UI's liveness check does (isCameraDeviceVirtual): "OBS Virtual
  // Camera" (OBS Studio ≥ 26), "ManyCam Virtual Webcam", "Elgato Virtual Camera", "Streamlabs Desktop Virtual Webcam".
  /\bvirtual\b/,
  // The older obs-virtualcam plugin's devices: "OBS-Camera", "OBS-Camera2"… (amplify-ui#6199 skips "obs"). Not OBSBOT.
  /\bobs\b/,
  // ManyCam's devices ("ManyCam Virtual Webcam"; older versions "ManyCam Video Source").
  /\bmanycam\b/,
  // Snap Camera (Snap Inc., discontinued 2023): "Snap Camera". Not "Snapdragon…".
  /\bsnap camera\b/,
  // XSplit VCam ("XSplit VCam") and e2eSoft VCam ("e2eSoft VCam", "VCam 03"…): a word "VCam". Not iVCam (a phone camera).
  /\bvcam\b/,
  // CamTwist (macOS): "CamTwist".
  /\bcamtwist\b/,
  // mmhmm (now Airtime): "mmhmm Camera".
  /\bmmhmm\b/,
  // NVIDIA Broadcast: "Camera (NVIDIA Broadcast)" — a real camera's pixels, but any background behind the face.
  /\bnvidia broadcast\b/,
  // Logitech Capture's output, "Logi Capture" (it composes screens, windows and files). Logitech's webcams are "Logi C270
  // HD WebCam", "Logitech BRIO"…
  /\blogi capture\b/,
  // NDI Tools' Webcam Input: "NDI Webcam Video 1"…
  /\bndi webcam\b/,
  // SplitCam ("SplitCam Video Driver"), vMix ("vMix Video"), Personify ChromaCam ("ChromaCam").
  /\bsplitcam\b/,
  /\bvmix video\b/,
  /\bchromacam\b/,
  // v4l2loopback's default label on Linux ("Dummy video device (0x0000)"): whatever a program writes to it.
  /\bdummy video device\b/,
];

/** The label names virtual-camera software (case-insensitive). */
export function isVirtualCameraLabel(label: string): boolean {
  const name = label.toLowerCase();
  return VIRTUAL_CAMERAS.some((pattern) => pattern.test(name));
}
