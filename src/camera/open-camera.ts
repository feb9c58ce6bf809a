import { isVirtualCameraLabel } from './virtual-camera.js';

/** Labels of cameras that cannot show a face in visible light (amplify-ui#6199). */
const NOT_VISIBLE_LIGHT = /\b(ir|infrared|depth)\b/i;

/** An infrared or depth camera, or virtual-camera software: not a real camera showing the face. */
const isUnsuitable = (label: string): boolean => NOT_VISIBLE_LIGHT.test(label) || isVirtualCameraLabel(label);

const FRAME = { width: { ideal: 1280 }, height: { ideal: 720 } } as const;

/**
 * Opens the camera: `deviceId` when given, else the front camera. When the browser picked an infrared or virtual
 * camera and a suitable one exists, switches to it (labels are only readable once permission is granted).
 */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  const media = navigator.mediaDevices;
  if (deviceId) return media.getUserMedia({ video: { ...FRAME, deviceId: { exact: deviceId } }, audio: false });

  const stream = await media.getUserMedia({ video: { ...FRAME, facingMode: 'user' }, audio: false });
  const [track] = stream.getVideoTracks();
  if (!track || !isUnsuitable(track.label)) return stream;

  const cameras = (await media.enumerateDevices()).filter((d) => d.kind === 'videoinput' && !isUnsuitable(d.label));
  if (cameras.length === 0) return stream;
  stopStream(stream);
  return media.getUserMedia({ video: { ...FRAME, deviceId: { exact: cameras[0].deviceId } }, audio: false });
}

/** Stops every track: a running track keeps the camera light on and the device locked. */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
