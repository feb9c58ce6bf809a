type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?(callback: VideoFrameRequestCallback): number;
  cancelVideoFrameCallback?(handle: number): void;
};

/**
 * Calls `onFrame` once per new video frame (requestVideoFrameCallback, with the frame's metadata; else
 * requestAnimationFrame, without), one call at a time, and not while the page is hidden: no work, and no stale frames
 * judged, when nobody is looking.
 */
export class FrameLoop {
  #handle: number | undefined;
  #running = false;
  readonly #video: VideoWithFrameCallback;
  readonly #onFrame: (metadata: VideoFrameCallbackMetadata | undefined) => void;

  constructor(video: HTMLVideoElement, onFrame: (metadata: VideoFrameCallbackMetadata | undefined) => void) {
    this.#video = video;
    this.#onFrame = onFrame;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#cancel();
  }

  readonly #onVisibilityChange = (): void => {
    this.#cancel();
    this.#schedule();
  };

  readonly #tick = (_now: number, metadata?: VideoFrameCallbackMetadata): void => {
    this.#handle = undefined;
    if (!this.#running) return;
    this.#onFrame(metadata);
    this.#schedule();
  };

  #schedule(): void {
    if (!this.#running || this.#handle !== undefined || document.hidden) return;
    const video = this.#video;
    this.#handle = video.requestVideoFrameCallback ? video.requestVideoFrameCallback(this.#tick) : requestAnimationFrame(this.#tick);
  }

  #cancel(): void {
    if (this.#handle === undefined) return;
    const video = this.#video;
    if (video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(this.#handle);
    else cancelAnimationFrame(this.#handle);
    this.#handle = undefined;
  }
}
