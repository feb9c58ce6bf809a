/** Labels of cameras that cannot show a face in visible light or are not a real camera (amplify-ui#6199). */
const UNSUITABLE_CAMERA = /\b(ir|infrared|depth|virtual|obs|snap camera|manycam)\b/i;

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
  if (!track || !UNSUITABLE_CAMERA.test(track.label)) return stream;

  const cameras = (await media.enumerateDevices()).filter((d) => d.kind === 'videoinput' && !UNSUITABLE_CAMERA.test(d.label));
  if (cameras.length === 0) return stream;
  stopStream(stream);
  return media.getUserMedia({ video: { ...FRAME, deviceId: { exact: cameras[0].deviceId } }, audio: false });
}

/** Stops every track: a running track keeps the camera light on and the device locked. */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
