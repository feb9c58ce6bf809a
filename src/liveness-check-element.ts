import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CameraController } from './camera/camera-controller.js';
import { bytesToBase64 } from './capture/bytes-to-base64.js';
import { encodeJpegWithinBudget, JpegBudgetError } from './capture/encode-jpeg-within-budget.js';
import { requestVerdict } from './client/request-verdict.js';
import { DEFAULT_THRESHOLDS } from './contract/liveness-api.js';
import { detectorAssetUrls } from './detector/detector-assets.js';
import type { FrameDetector } from './detector/frame-detector.js';
import { loadFrameDetector } from './detector/load-detector.js';
import { DEV_MODE } from './dev-mode.js';
import { describeError, LivenessError } from './errors.js';
import { FaceGateController, type GatePassed } from './face-gate/face-gate-controller.js';
import { Attempt } from './flow/attempt.js';
import { readAttemptSettings, type AttemptSettings } from './flow/attempt-settings.js';
import { checkTransition, INITIAL_STATE, LIVENESS_FLOW } from './flow/liveness-flow.js';
import { FormValueController } from './form/form-value-controller.js';
import type { GateThresholds } from './gate/gate-thresholds.js';
import { LanguageController } from './i18n/language-controller.js';
import { livenessCheckStyles } from './liveness-check.styles.js';
import type { LivenessMessages } from './messages.js';
import { missingCapabilities } from './platform/capabilities.js';
import { CaptureRecorder } from './provenance/capture-recorder.js';
import type { CaptureReport } from './contract/capture-report.js';
import type {
  LivenessEndpoint,
  LivenessErrorDetail,
  LivenessEventMap,
  LivenessHint,
  LivenessState,
  LivenessVerdictDetail,
} from './types.js';
import { VERSION } from './version.js';
import { renderActions, renderGuide, renderHint, renderScreen, FOCUS_AFTER_SCREEN_CHANGE } from './view/liveness-check-view.js';

/** The captured frame: the exact bytes sent, as the file the form submits and as base64 for the request, and its provenance. */
interface Selfie {
  file: File;
  base64: string;
  capture: CaptureReport;
}

/**
 * `<liveness-check>`: a passive face-liveness check for web forms. Opens the camera, waits for one centred,
 * well-lit, frontal, still face, captures one frame, posts it through the integrator's proxy and reports the verdict.
 *
 * The element orchestrates: the camera and the face gate are reactive controllers, the state flow is the table in
 * `flow/liveness-flow.ts`, and one attempt reads top to bottom in `#open` and `#check`.
 *
 * @tagname liveness-check
 *
 * @fires {LivenessStateEvent} liveness-state - `{ state, hint, attemptId? }` on every change of state or hint.
 * @fires {LivenessCaptureEvent} liveness-capture - `{ attemptId, image, width, height, bytes, quality, timeToFaceMs, captureMs, manual, consentedAt?, capture }` once a frame is encoded, before it is sent.
 * @fires {LivenessConfirmedEvent} liveness-confirmed - `{ score, threshold, endpoint, predIdx, mode, manual, attemptId, verdict? }`: the API judged the face live.
 * @fires {LivenessFailedEvent} liveness-failed - same detail: the API judged it a spoof (or not above the threshold).
 * @fires {LivenessErrorEvent} liveness-error - `{ code, message, recoverable, status?, attemptId?, cause? }`: every technical outcome.
 * @fires {LivenessCancelledEvent} liveness-cancelled - `{ attemptId }`: the person pressed Cancel while the camera was on (back at the start screen).
 *
 * @slot start - Replaces the start screen's text and button (call `start()` from your own button); the consent checkbox stays.
 * @slot consent - Replaces the consent text (with `consent-required`).
 * @slot error - Replaces the error screen.
 * @slot result - Replaces the result screen.
 *
 * @csspart video - The mirrored camera preview.
 * @csspart overlay - The SVG oval guide over the preview.
 * @csspart hint - The live guidance text (with its tip once assisting).
 * @csspart button - The Start, Retry, Cancel and "Take the photo anyway" buttons.
 * @csspart manual-capture - The "Take the photo anyway" button.
 * @csspart cancel - The Cancel button, shown while the camera is on.
 * @csspart consent - The consent text and checkbox.
 *
 * @cssproperty --liveness-accent - Buttons and focus ring.
 * @cssproperty --liveness-success - Guide while holding, confirmed result.
 * @cssproperty --liveness-danger - Failed and error results.
 * @cssproperty --liveness-surface - Background.
 * @cssproperty --liveness-text - Main text colour.
 * @cssproperty --liveness-muted-text - Secondary text colour.
 * @cssproperty --liveness-radius - Corner radius.
 * @cssproperty --liveness-max-width - Maximum width of the element.
 * @cssproperty --liveness-font - Font family.
 * @cssproperty --liveness-guide-color - Oval guide while searching.
 * @cssproperty --liveness-progress-color - The hold's progress around the oval, from 12 o'clock (default amber).
 * @cssproperty --liveness-scrim - Shade around the oval.
 * @cssproperty --liveness-lamp - Fill around the oval when the screen lights a face in the dark (default white).
 */
export class LivenessCheck extends LitElement {
  /** @internal Lit's, not the element's API (kept out of the published types). */
  static override styles = livenessCheckStyles;
  /** Takes part in its `<form>`: the value is the verdict, `required` blocks submission until confirmed. */
  static formAssociated = true;
  /** @internal Lit's: focus goes to the Start/Retry button when a form reports this field invalid. */
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  /** The package version of this class, to tell copies apart when the tag is already defined. */
  static readonly version: string = VERSION;

  /** Whether this browser has what the check needs (secure context, camera access, WebAssembly, WebGL). */
  static isSupported(): boolean {
    return missingCapabilities({ pageStream: false }).length === 0;
  }

  /**
   * Gets the face detector ready without touching the camera: starts the detection worker (or, where detection runs
   * on the page, imports MediaPipe) and downloads and compiles the WASM and the model. Call it when a check is likely
   * (e.g. when the form step loads): the first check then starts at once. Idempotent, and shared with every element
   * using the same `assetsUrl` (default: `assets/` beside this module). Rejects with an `AssetLoadError` naming the URL
   * and HTTP status of a file that could not be loaded; a later call tries again.
   */
  static async preload({ assetsUrl = '' }: { assetsUrl?: string } = {}): Promise<void> {
    await loadFrameDetector(detectorAssetUrls(assetsUrl));
  }

  /**
   * Open the camera as soon as the element is connected (with `consent-required`: as soon as the box is ticked);
   * otherwise the Start button (a user gesture) does.
   */
  @property({ type: Boolean }) autostart = false;
  /** A `deviceId` to use; default: the front camera. */
  @property() camera = '';
  /** Folder holding the face model and `wasm/`; default: `assets/` beside this module. */
  @property({ attribute: 'assets-url' }) assetsUrl = '';
  /** How long the gate must stay satisfied, face still, before the capture (ms); default `gateThresholds.holdMs`, else 600. */
  @property({ attribute: 'hold-ms', type: Number }) holdMs: number | undefined = undefined;
  /** The integrator's proxy base URL (absolute or relative to the page), e.g. `/api/liveness`. Required. */
  @property({ attribute: 'proxy-url' }) proxyUrl = '';
  /** `antispoofing` (default) or `robust` (tuned for low-quality captures). */
  @property() endpoint: LivenessEndpoint = 'antispoofing';
  /** Request timeout (ms). */
  @property({ attribute: 'timeout-ms', type: Number }) timeoutMs = 15_000;
  /** Longest side of the sent image (px). */
  @property({ attribute: 'max-image-size', type: Number }) maxImageSize = 1280;
  /** Largest JPEG to send (bytes). */
  @property({ attribute: 'max-bytes', type: Number }) maxBytes = 500_000;
  /** Extra `fetch` options for the proxy request (headers, credentials); method, body and content-type are the element's. */
  @property({ attribute: false }) fetchInit: RequestInit | undefined = undefined;
  /**
   * A camera stream the page already holds (e.g. after capturing an ID document, or from a WebView bridge), used
   * instead of opening the camera. The page owns it: the element detaches from it but never stops its tracks.
   */
  @property({ attribute: false }) stream: MediaStream | undefined = undefined;
  /**
   * Refuse a camera (or `stream`) whose label names virtual-camera software (OBS Virtual Camera, ManyCam, Snap
   * Camera…) with a recoverable `liveness-error` `camera-virtual`, even when it is the only camera. Without it, such a
   * camera is skipped when a real one exists, else used and reported as `virtual-camera` in the capture report.
   */
  @property({ attribute: 'reject-virtual-camera', type: Boolean }) rejectVirtualCamera = false;
  /** After this long searching without a completed hold (ms): the hint that dominated, with a concrete tip. */
  @property({ attribute: 'assist-after-ms', type: Number }) assistAfterMs = 8000;
  /** After this long searching (ms): the camera turns off and `liveness-error` `face-timeout` (recoverable) is fired. */
  @property({ attribute: 'search-timeout-ms', type: Number }) searchTimeoutMs = 60_000;
  /**
   * Once the help shows, offer "Take the photo anyway": it sends the current frame though the gate has not passed,
   * only while exactly one face is in view. The capture and verdict events say `manual: true`.
   */
  @property({ attribute: 'allow-manual-capture', type: Boolean }) allowManualCapture = false;
  /** The start screen asks for consent (a checkbox the Start button waits for) before the camera opens; `autostart` waits for it too. */
  @property({ attribute: 'consent-required', type: Boolean }) consentRequired = false;
  /** The page's privacy notice, linked from the default consent text. */
  @property({ attribute: 'privacy-url' }) privacyUrl = '';
  /** Text overrides keyed by hint, tip, state, error code or UI element (see `LivenessMessages`), over the page's language. */
  @property({ attribute: false }) messages: Partial<LivenessMessages> = {};
  /** Overrides of the face gate's thresholds (see `GateThresholds`); `hold-ms`, when set, wins over `holdMs` here. */
  @property({ attribute: false }) gateThresholds: Partial<GateThresholds> = {};
  /**
   * The field name under which the verdict is submitted with the form. Reflected (a form reads the attribute), but
   * not while empty, so upgrading a server-rendered tag adds no `name=""` that hydration would find unexpected.
   */
  @property({ reflect: true, converter: { toAttribute: (name: string) => name || null } }) name = '';
  /**
   * With `name`, also submit the selfie — exactly the bytes sent for the check, as `selfie.jpg` — under this field
   * name, so the backend can bind the verdict to the image (`verifyVerdict(…, { image })`). Needs a
   * `multipart/form-data` form.
   */
  @property({ attribute: 'image-name' }) imageName = '';
  /** Makes the form invalid (`valueMissing`) until a confirmed verdict exists. */
  @property({ type: Boolean, reflect: true }) required = false;
  /** Disables the Start/Retry buttons and stops a running check (also set by a disabled `<fieldset>`). */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /**
   * Prints MediaPipe's own output (TFLite and GL start-up lines) on `console.debug`; without it, on no console at all.
   * The detector is shared by the page, so one element with `debug` shows it for all.
   */
  @property({ type: Boolean, reflect: true }) debug = false;

  /** Live when the score is strictly above this. Default 0.55 for `antispoofing`, 0.50 for `robust`, unless set. */
  @property({ type: Number })
  get threshold(): number {
    return this.#threshold ?? DEFAULT_THRESHOLDS[this.endpoint] ?? DEFAULT_THRESHOLDS.antispoofing;
  }
  set threshold(value: number | undefined | null) {
    this.#threshold = value === null || value === undefined || Number.isNaN(value) ? undefined : value;
  }

  @state() private _state: LivenessState = INITIAL_STATE;
  @state() private _error: LivenessErrorDetail | undefined = undefined;
  /** The last verdict, for the result screen. */
  @state() private _verdict: LivenessVerdictDetail | undefined = undefined;
  /** When the person ticked the consent box (ms since the epoch); unset while it is not ticked. */
  @state() private _consentedAt: number | undefined = undefined;

  #threshold: number | undefined;
  #hint: LivenessHint | null = null;
  #attempt: Attempt | undefined;
  #formDisabled = false;
  readonly #internals: ElementInternals = this.attachInternals();
  readonly #formValue = new FormValueController(this, this.#internals, { valueMissingMessage: () => this.#text('value-missing') });
  readonly #camera = new CameraController(this, {
    onEnded: () =>
      this.#fail(new LivenessError('camera-not-found', 'The camera stopped (unplugged or taken by another app).'), this.#attempt),
  });
  readonly #gate = new FaceGateController(this, {
    onChange: () => {
      // Once the watch has ended the element moves on by itself (capturing, error, idle).
      if (this.#gate.watching) this.#transition(this.#gate.phase, this.#gate.hint);
      this.requestUpdate();
    },
  });
  readonly #language = new LanguageController(this);

  /** The current state (see the `liveness-state` event). */
  get state(): LivenessState {
    return this._state;
  }

  /** The current hint, or `null`. */
  get hint(): LivenessHint | null {
    return this.#hint;
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }
  get validity(): ValidityState {
    return this.#internals.validity;
  }
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }
  get willValidate(): boolean {
    return this.#internals.willValidate;
  }
  /** The verdict as JSON once confirmed, else empty. It is the form value (with the selfie when `image-name` is set). */
  get value(): string {
    return this.#formValue.verdictJson ?? '';
  }
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  formResetCallback(): void {
    this.stop();
    // A reset form starts over, consent included (as it would untick a checkbox of its own).
    this._consentedAt = undefined;
  }

  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    if (disabled) this.stop();
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // start() itself waits for consent: autostart never opens the camera before the box is ticked.
    if (this.autostart) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  /**
   * Opens the camera and runs the check. Resolves once the camera runs and the face gate judges frames (or the attempt
   * failed); the rest of the check follows in the background. A no-op while a check is under way, while the element
   * is disabled, and with `consent-required` until the person has ticked the consent box.
   */
  async start(): Promise<void> {
    if (LIVENESS_FLOW[this._state].active || this.#isDisabled || this.#consentMissing) return;
    this.#endAttempt();
    const attempt = (this.#attempt = new Attempt());
    this._error = undefined;
    this._verdict = undefined;
    try {
      const { settings, detector } = await this.#open(attempt);
      this.#check(attempt, settings, detector).catch((error: unknown) => this.#fail(error, attempt));
    } catch (error) {
      this.#fail(error, attempt);
    }
  }

  /** Stops the camera and any request in flight, and returns to idle. Nothing is emitted for the stopped attempt. */
  stop(): void {
    this.#endAttempt();
    this.#transition('idle');
  }

  /** The person's Cancel: back to the start screen with the camera off, told to the page (unlike `stop()`). */
  #cancel(): void {
    const attemptId = this.#attempt?.id;
    this.stop();
    if (attemptId !== undefined) this.#emit('liveness-cancelled', { attemptId });
  }

  /** Starts a new attempt, whatever the state. */
  retry(): Promise<void> {
    this.stop();
    return this.start();
  }

  /*
   * One attempt, in two halves: #open, then #check. Each throws a `LivenessError` for every failure it foresees, and
   * `AttemptEndedError` once the attempt was stopped (which #fail keeps silent).
   */

  /** From the settings to a running camera and a loaded detector: `starting` → `searching`. */
  async #open(attempt: Attempt): Promise<{ settings: AttemptSettings; detector: FrameDetector }> {
    const settings = readAttemptSettings(this, document.baseURI);
    this.#transition('starting');
    // Camera and detector load in parallel: the permission prompt hides most of the download.
    const loading = loadFrameDetector(settings.assets);
    await this.updateComplete; // the preview's <video> is rendered
    await this.#camera.show(settings.camera, this.#video, attempt.signal);
    const detector = await attempt.step(
      loading.catch((error: unknown) => {
        throw new LivenessError('model-load-failed', describeError(error), { cause: error });
      }),
    );
    this.#transition('searching');
    return { settings, detector };
  }

  /**
   * From the face gate to the verdict: `searching` → `holding` (→ `assisting` once the search drags on) → `capturing`
   * → `verifying` → `confirmed` | `failed`; or `face-timeout`.
   */
  async #check(attempt: Attempt, settings: AttemptSettings, detector: FrameDetector): Promise<void> {
    const stream = this.#camera.stream;
    const recorder = new CaptureRecorder(settings.camera.pageStream ? 'page-stream' : 'camera', stream?.getVideoTracks()[0], {
      timeFrames: detector.thread === 'worker',
    });
    const passed = await attempt.step(this.#gate.watch(this.#video, detector, settings.gate, settings.search, recorder));
    const selfie = await this.#capture(attempt, settings, passed, recorder);

    this.#transition('verifying');
    const request = {
      url: settings.url,
      base64: selfie.base64,
      capture: selfie.capture,
      manual: passed.manual,
      timeoutMs: settings.timeoutMs,
      fetchInit: settings.fetchInit,
      signal: attempt.signal,
    };
    const judgement = await attempt.step(requestVerdict(request, settings.threshold));
    const detail: LivenessVerdictDetail = {
      score: judgement.score,
      threshold: settings.threshold,
      endpoint: settings.endpoint,
      predIdx: judgement.predIdx,
      mode: judgement.mode,
      manual: passed.manual,
      attemptId: attempt.id,
      ...(judgement.verdict ? { verdict: judgement.verdict } : {}),
    };
    this.#endAttempt();
    this._verdict = detail;
    if (judgement.live) {
      // The backend must check the proxy's signature; without a token the unsigned detail is submitted for it to reject.
      this.#formValue.confirm(judgement.verdict ?? JSON.stringify(detail), selfie.file);
    }
    this.#transition(judgement.live ? 'confirmed' : 'failed');
    this.#emit(judgement.live ? 'liveness-confirmed' : 'liveness-failed', detail);
  }

  /** Encodes the gate's frame (the best of the hold) within the budget, turns the camera off, and announces the capture. */
  async #capture(
    attempt: Attempt,
    settings: AttemptSettings,
    { frame, searchMs, manual }: GatePassed,
    recorder: CaptureRecorder,
  ): Promise<Selfie> {
    this.#transition('capturing');
    const startedAt = performance.now();
    // Before the camera goes off: the report reads the track's settings.
    const capture = recorder.report(frame);
    // The encoder draws the frame before its first await, so frame and camera can go right after this call.
    const encoding = encodeJpegWithinBudget(frame.image, frame.width, frame.height, settings.budget);
    frame.release();
    this.#camera.release();
    const image = await attempt.step(
      encoding.catch((error: unknown) => {
        throw error instanceof JpegBudgetError
          ? new LivenessError('payload-too-large', error.message, { cause: error })
          : new LivenessError('capture-failed', `The frame could not be encoded: ${describeError(error)}`, { cause: error });
      }),
    );
    // One file for the event, the request and the form: the backend checks these very bytes against the verdict.
    const file = new File([image.bytes], 'selfie.jpg', { type: 'image/jpeg' });
    const base64 = bytesToBase64(image.bytes);
    this.#emit('liveness-capture', {
      attemptId: attempt.id,
      image: file,
      width: image.width,
      height: image.height,
      bytes: image.bytes.byteLength,
      quality: image.quality,
      timeToFaceMs: searchMs,
      captureMs: performance.now() - startedAt,
      manual,
      ...(this._consentedAt === undefined ? {} : { consentedAt: this._consentedAt }),
      capture,
    });
    return { file, base64, capture };
  }

  /** Ends `attempt` with an error event, unless it already ended (stopped, removed, failed): then it stays silent. */
  #fail(error: unknown, attempt: Attempt | undefined): void {
    if (attempt === undefined || attempt !== this.#attempt || attempt.ended) return;
    this.#endAttempt();
    // Every failure the element foresees is a LivenessError; anything else is a bug in it, and must not look like one of those.
    if (!(error instanceof LivenessError)) {
      this.#transition('idle');
      throw error;
    }
    this._error = error.toDetail(attempt.id);
    // The integrator's mistake, named with the attribute and its value for whoever builds the page; people read a plain sentence.
    if (error.code === 'config') console.error(`<liveness-check>: ${error.message}`);
    this.#transition('error');
    this.#emit('liveness-error', this._error);
  }

  /** Ends the current attempt: aborts its request, stops the gate and the camera. Idempotent. */
  #endAttempt(): void {
    this.#attempt?.end();
    this.#gate.stop();
    this.#camera.release();
  }

  /** The one way the state changes: checked against the flow table in development, announced by `liveness-state`. */
  #transition(state: LivenessState, hint: LivenessHint | null = null): void {
    if (state === this._state && hint === this.#hint) return;
    if (DEV_MODE && state !== this._state) checkTransition(this._state, state);
    if (state !== 'confirmed') this.#formValue.clear();
    this._state = state;
    this.#hint = hint;
    // None while idle, the state a server renders the tag in: upgrading it then changes no attribute.
    if (state === INITIAL_STATE) delete this.dataset.state;
    else this.dataset.state = state;
    const attemptId = this.#attempt?.id;
    this.#emit('liveness-state', { state, hint, ...(attemptId ? { attemptId } : {}) });
  }

  #emit<K extends keyof LivenessEventMap>(type: K, detail: LivenessEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** The text for `key`: the integrator's, else the page language's (English until it has loaded). An arrow, for the templates. */
  readonly #text = (key: keyof LivenessMessages): string => this.messages[key] ?? this.#language.messages[key];

  get #isDisabled(): boolean {
    return this.disabled || this.#formDisabled;
  }

  get #consentMissing(): boolean {
    return this.consentRequired && this._consentedAt === undefined;
  }

  /** `updateComplete` also waits for the page language's messages, so that what it resolves to is what people read. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.#language.ready;
    return super.getUpdateComplete();
  }

  /** The preview; always rendered (only hidden), so it is looked up once. */
  #videoElement: HTMLVideoElement | undefined;
  get #video(): HTMLVideoElement {
    return (this.#videoElement ??= this.renderRoot.querySelector('video')!);
  }

  /** Whether focus was inside the element before this update (a screen about to be replaced may hold it). */
  #focusWasInside = false;

  /** @internal Lit's, not the element's API (kept out of the published types). */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('disabled') && this.disabled) this.stop();
    this.#focusWasInside = this.shadowRoot?.activeElement != null;
  }

  /** @internal Lit's, not the element's API (kept out of the published types). */
  protected override updated(): void {
    // The focused button went with its screen: focus the new screen's, so keyboard and screen-reader users stay in place.
    if (this.#focusWasInside && this.shadowRoot?.activeElement == null) {
      for (const selector of FOCUS_AFTER_SCREEN_CHANGE) {
        const target = this.renderRoot.querySelector<HTMLElement>(selector);
        if (!target) continue;
        // Scrolled to as little as shows the whole element (it fits the viewport), not centred on the button: that
        // would push the instruction over the preview's top out of view.
        target.focus({ preventScroll: true });
        return this.scrollIntoView({ block: 'nearest' });
      }
    }
  }

  /** @internal Lit's, not the element's API (kept out of the published types). */
  protected override render() {
    const state = this._state;
    const rules = LIVENESS_FLOW[state];
    // One line, so hint and state never say the same thing twice: the hint when there is one, else what is happening.
    const line = this.#hint ? this.#text(this.#hint) : rules.preview ? this.#text(state) : '';
    const manualCapture = this.#gate.manualCaptureOffered
      ? { ready: this.#gate.manualCaptureReady && !this.#isDisabled, onCapture: () => this.#gate.captureNow() }
      : undefined;
    const consent = this.consentRequired
      ? { given: this._consentedAt !== undefined, privacyUrl: this.privacyUrl, onChange: (given: boolean) => this.#consent(given) }
      : undefined;
    return html`
      <div class="frame" lang=${this.#language.language} dir=${this.#language.dir}>
        <div class="stage">
          <video
            part="video"
            playsinline
            muted
            autoplay
            .muted=${true}
            aria-label=${this.#text('video-label')}
            ?hidden=${!rules.preview}
          ></video>
          ${rules.guide ? renderGuide(state === 'capturing' ? 1 : this.#gate.progress, this.#gate.lamp, this.#text) : nothing}
          ${renderScreen(
            {
              state,
              error: this._error,
              mode: this._verdict?.mode,
              disabled: this.#isDisabled,
              consent,
              onStart: () => void this.start(),
              onRetry: () => void this.retry(),
            },
            this.#text,
          )}
          ${renderHint({ line, tipFor: state === 'assisting' ? this.#hint : null }, this.#text)}
        </div>
        <div class="status">
          ${renderActions({ manualCapture, onCancel: rules.preview ? () => this.#cancel() : undefined }, this.#text)}
          <p class="rotate">${rules.preview ? this.#text('rotate-portrait') : ''}</p>
        </div>
      </div>
    `;
  }

  /** The consent box changed; with `autostart`, ticking it opens the camera (the tick is the user's gesture). */
  #consent(given: boolean): void {
    this._consentedAt = given ? Date.now() : undefined;
    if (given && this.autostart) void this.start();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'liveness-check': LivenessCheck;
  }
  // Typed listeners on any element: `el.addEventListener('liveness-confirmed', (e) => e.detail.score)`.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends LivenessEventMap {}
}
