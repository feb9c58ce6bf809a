/** The camera as a Lit reactive controller: it opens or borrows the stream, plays the preview, watches the track, releases it. */

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LivenessError } from '../errors.js';
import { AttemptEndedError } from '../flow/attempt.js';
import { cameraError } from './camera-error.js';
import { openCamera, stopStream } from './open-camera.js';
import { isVirtualCameraLabel } from './virtual-camera.js';

export interface CameraSource {
  /** A `deviceId` to open; default: the front camera. */
  deviceId?: string;
  /** A stream the page already holds: used as is, and never stopped (the page owns it). */
  pageStream?: MediaStream;
  /** Refuse a track labelled as virtual-camera software (`camera-virtual`), even when it is the only camera. */
  rejectVirtual?: boolean;
}

export class CameraController implements ReactiveController {
  #stream: MediaStream | undefined;
  #owned = false;
  #video: HTMLVideoElement | undefined;
  readonly #onEnded: () => void;

  /** `onEnded`: the track ended while in use (unplugged, taken by another app, permission revoked). */
  constructor(host: ReactiveControllerHost, { onEnded }: { onEnded: () => void }) {
    this.#onEnded = onEnded;
    host.addController(this);
  }

  /** The stream in use, if any. */
  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  /**
   * Opens the camera (or takes the page's stream) and plays it in `video`. Rejects with a camera `LivenessError`
   * (`camera-virtual` for a virtual camera with `rejectVirtual`, before the preview shows it), or with
   * `AttemptEndedError` when `signal` aborted before or meanwhile — a stream that arrives after that is stopped at once,
   * so the camera light never stays on for an element that was stopped or removed during the permission prompt.
   */
  async show(source: CameraSource, video: HTMLVideoElement, signal: AbortSignal): Promise<void> {
    // The attempt may have ended while start-up awaited (a render, a language chunk): the camera must not even switch on.
    if (signal.aborted) throw new AttemptEndedError();
    let stream = source.pageStream;
    if (stream === undefined) {
      try {
        stream = await openCamera(source.deviceId);
      } catch (error) {
        throw signal.aborted ? new AttemptEndedError() : cameraError(error);
      }
      if (signal.aborted) {
        stopStream(stream);
        throw new AttemptEndedError();
      }
    }
    const label = stream.getVideoTracks()[0]?.label ?? '';
    if (source.rejectVirtual && isVirtualCameraLabel(label)) {
      if (source.pageStream === undefined) stopStream(stream);
      throw new LivenessError('camera-virtual', `The camera "${label}" is virtual-camera software, refused by reject-virtual-camera.`);
    }
    this.release();
    this.#stream = stream;
    this.#owned = source.pageStream === undefined;
    this.#video = video;
    stream.getVideoTracks()[0]?.addEventListener('ended', this.#handleEnded);
    video.srcObject = stream;
    try {
      await video.play();
    } catch {
      // Autoplay of a muted inline video is allowed everywhere we support; the frame loop still waits for frames.
    }
  }

  /** Stops the camera (never a page-provided stream's tracks) and empties the preview. Idempotent. */
  release(): void {
    const stream = this.#stream;
    this.#stream = undefined;
    stream?.getVideoTracks()[0]?.removeEventListener('ended', this.#handleEnded);
    if (this.#owned) stopStream(stream);
    if (this.#video) this.#video.srcObject = null;
    this.#video = undefined;
  }

  hostDisconnected(): void {
    this.release();
  }

  readonly #handleEnded = (): void => {
    if (this.#stream) this.#onEnded();
  };
}
