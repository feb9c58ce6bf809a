// The one way the browser suites turn a feed still (build/feeds/<feed>.png) into a live camera-like MediaStream:
// the still drawn on a canvas and captured. Firefox's fake camera (a green frame) and WebKit's mock camera (a
// grey pattern) show no face, so outside Chromium the face feeds reach the element through its `stream` property.

/** Redraw period: a canvas stream only emits a frame when the canvas is drawn to. */
const REDRAW_MS = 50;

const stills = new Map<string, Promise<HTMLImageElement>>();

/** The decoded still of `feed`, loaded once per page. */
export function loadStill(feed: string, feedsUrl = '/build/feeds/'): Promise<HTMLImageElement> {
  let still = stills.get(feed);
  if (!still) {
    const image = new Image();
    image.src = `${feedsUrl}${feed}.png`;
    still = image.decode().then(() => image);
    stills.set(feed, still);
  }
  return still;
}

export class FeedStream {
  readonly stream: MediaStream;
  readonly #context: CanvasRenderingContext2D;
  #stills: HTMLImageElement[] = [];
  /** The still on show, of those given to `show()`. */
  #index = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #feed: string | undefined;

  /** A 1280×720 stream (the feeds' size) that shows nothing until `show()`. */
  constructor(width = 1280, height = 720) {
    const canvas = Object.assign(document.createElement('canvas'), { width, height });
    this.#context = canvas.getContext('2d')!;
    this.stream = canvas.captureStream(1000 / REDRAW_MS);
    this.#timer = setInterval(() => this.#draw(), REDRAW_MS);
  }

  /** The feed currently shown. */
  get feed(): string | undefined {
    return this.#feed;
  }

  /**
   * Shows `feed`'s still from the next frame on (resolves once it is drawn). With more feeds, a set of stills to
   * switch between with `select()` (a face that changes from frame to frame, e.g. soft and sharp).
   */
  async show(feed: string, ...more: string[]): Promise<void> {
    this.#stills = await Promise.all([feed, ...more].map((name) => loadStill(name)));
    this.#index = 0;
    this.#feed = feed;
    this.#draw();
  }

  /** Shows the still at `index` of those given to `show()` (0: the first feed). */
  select(index: number): void {
    this.#index = index;
    this.#draw();
  }

  /** Stops redrawing and ends the stream's tracks. */
  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.stream.getTracks().forEach((track) => track.stop());
  }

  #draw(): void {
    const { canvas } = this.#context;
    const still = this.#stills[this.#index];
    if (still) this.#context.drawImage(still, 0, 0, canvas.width, canvas.height);
    else this.#context.clearRect(0, 0, canvas.width, canvas.height);
  }
}
