import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { FaceDetector } from '@mediapipe/tasks-vision';
import { livenessCheckStyles } from './liveness-check.styles.js';
import { DEFAULT_MESSAGES, type LivenessMessages } from './messages.js';
import { checkBrowserSupport } from './camera/browser-support.js';
import { cameraErrorCode } from './camera/camera-error.js';
import { openCamera, stopStream } from './camera/open-camera.js';
import { defaultAssetsUrl } from './detector/default-assets-url.js';
import { loadFaceDetector, nextDetectionTimestamp } from './detector/face-detector.js';
import { FrameLoop } from './detector/frame-loop.js';
import { assessFace } from './gate/assess-face.js';
import { toFaceDetections } from './gate/face-detection.js';
import { computeFaceStats, FACE_SAMPLE_SIZE } from './gate/face-stats.js';
import { resolveGateThresholds, type GateThresholds } from './gate/gate-thresholds.js';
import { HoldTracker } from './gate/hold-tracker.js';
import { sampleFaceRegion } from './gate/sample-face-region.js';
import { encodeJpegWithinBudget } from './capture/encode-jpeg-within-budget.js';
import { bytesToBase64 } from './capture/bytes-to-base64.js';
import { DEFAULT_THRESHOLDS } from './api/default-threshold.js';
import { parseLivenessResponse } from './api/parse-liveness-response.js';
import { proxyEndpointUrl } from './api/proxy-endpoint-url.js';
import { submitLiveness } from './api/submit-liveness.js';
import type {
  LivenessCaptureDetail,
  LivenessEndpoint,
  LivenessErrorCode,
  LivenessErrorDetail,
  LivenessHint,
  LivenessState,
  LivenessStateDetail,
  LivenessVerdictDetail,
} from './types.js';

export type * from './types.js';
export type { LivenessMessages } from './messages.js';
export type { GateThresholds } from './gate/gate-thresholds.js';

/** States in which an attempt is under way; `start()` is a no-op then. */
const ACTIVE_STATES: ReadonlySet<LivenessState> = new Set(['starting', 'searching', 'holding', 'capturing', 'verifying']);
/** Camera states: the preview is visible and the oval guide drawn. */
const CAMERA_STATES: ReadonlySet<LivenessState> = new Set(['searching', 'holding', 'capturing']);
/** Errors that cannot be fixed by trying again on this page. */
const FINAL_ERRORS: ReadonlySet<LivenessErrorCode> = new Set(['config', 'insecure-context', 'unsupported-browser']);

/**
 * `<liveness-check>`: a passive face-liveness check for web forms. Opens the camera, waits for one centred,
 * well-lit, frontal, still face, captures one frame, posts it through the integrator's proxy and reports the verdict.
 *
 * @fires liveness-state - `{ state, hint, attemptId? }` on every change of state or hint.
 * @fires liveness-capture - `{ attemptId, image, width, height, bytes, quality, timeToFaceMs, captureMs }` once a frame is encoded, before it is sent.
 * @fires liveness-confirmed - `{ score, threshold, endpoint, predIdx, attemptId, verdict? }`: the API judged the face live.
 * @fires liveness-failed - same detail: the API judged it a spoof (or not above the threshold).
 * @fires liveness-error - `{ code, message, recoverable, status?, attemptId? }`: every technical outcome.
 *
 * @slot start - Replaces the start screen (call `start()` from your own button).
 * @slot error - Replaces the error screen.
 * @slot result - Replaces the result screen.
 *
 * @csspart video - The mirrored camera preview.
 * @csspart overlay - The SVG oval guide over the preview.
 * @csspart hint - The live guidance text.
 * @csspart button - The Start and Retry buttons.
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
 * @cssproperty --liveness-scrim - Shade around the oval.
 */
export class LivenessCheck extends LitElement {
  static override styles = livenessCheckStyles;
  /** Takes part in its `<form>`: the value is the verdict, `required` blocks submission until confirmed. */
  static formAssociated = true;
  // Focus goes to the Start/Retry button when a form reports this field invalid.
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties = {
    autostart: { type: Boolean },
    camera: {},
    assetsUrl: { attribute: 'assets-url' },
    holdMs: { attribute: 'hold-ms', type: Number },
    proxyUrl: { attribute: 'proxy-url' },
    endpoint: {},
    threshold: { type: Number },
    timeoutMs: { attribute: 'timeout-ms', type: Number },
    maxImageSize: { attribute: 'max-image-size', type: Number },
    maxBytes: { attribute: 'max-bytes', type: Number },
    fetchInit: { attribute: false },
    stream: { attribute: false },
    messages: { attribute: false },
    gateThresholds: { attribute: false },
    name: { reflect: true },
    imageName: { attribute: 'image-name' },
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    _state: { state: true },
    _hint: { state: true },
    _error: { state: true },
    _verdict: { state: true },
    _holdProgress: { state: true },
  };

  /** Whether this browser has what the check needs (secure context, camera access, WebAssembly). */
  static isSupported(): boolean {
    return checkBrowserSupport().supported;
  }

  /** Open the camera as soon as the element is connected; otherwise the Start button (a user gesture) does. */
  declare autostart: boolean;
  /** A `deviceId` to use; default: the front camera. */
  declare camera: string;
  /** Folder holding the face model and `wasm/`; default: `assets/` beside this module. */
  declare assetsUrl: string;
  /** How long the gate must stay satisfied, face still, before the capture (ms). */
  declare holdMs: number;
  /** The integrator's proxy base URL (absolute or relative to the page), e.g. `/api/liveness`. Required. */
  declare proxyUrl: string;
  /** `antispoofing` (default) or `robust` (tuned for low-quality captures). */
  declare endpoint: LivenessEndpoint;
  /** Request timeout (ms). */
  declare timeoutMs: number;
  /** Longest side of the sent image (px). */
  declare maxImageSize: number;
  /** Largest JPEG to send (bytes). */
  declare maxBytes: number;
  /** Extra `fetch` options for the proxy request (headers, credentials); method, body and content-type are the element's. */
  declare fetchInit: RequestInit | undefined;
  /**
   * A camera stream the page already holds (e.g. after capturing an ID document, or from a WebView bridge), used
   * instead of opening the camera. The page owns it: the element detaches from it but never stops its tracks.
   */
  declare stream: MediaStream | undefined;
  /** Text overrides keyed by hint, state, error code or UI element (see `LivenessMessages`). */
  declare messages: Partial<LivenessMessages>;
  /** Overrides of the face gate's thresholds (see `GateThresholds`). */
  declare gateThresholds: Partial<GateThresholds>;

  /** The field name under which the verdict is submitted with the form. */
  declare name: string;
  /**
   * With `name`, also submit the selfie — exactly the bytes sent for the check, as `selfie.jpg` — under this field
   * name, so the backend can bind the verdict to the image (`verifyVerdict(…, { image })`). Needs a
   * `multipart/form-data` form.
   */
  declare imageName: string;
  /** Makes the form invalid (`valueMissing`) until a confirmed verdict exists. */
  declare required: boolean;
  /** Disables the Start/Retry buttons and stops a running check (also set by a disabled `<fieldset>`). */
  declare disabled: boolean;

  declare private _state: LivenessState;
  declare private _hint: LivenessHint | null;
  declare private _error: LivenessErrorDetail | undefined;
  /** The last verdict of this attempt, for the result screen. */
  declare private _verdict: LivenessVerdictDetail | undefined;
  declare private _holdProgress: number;

  #threshold: number | undefined;
  #attemptId: string | undefined;
  #run: AbortController | undefined;
  #stream: MediaStream | undefined;
  #ownsStream = false;
  #loop: FrameLoop | undefined;
  #detector: FaceDetector | undefined;
  /** The gate's limits for the current attempt, resolved once at start() rather than every frame. */
  #gate: Readonly<GateThresholds> | undefined;
  #hold: HoldTracker | undefined;
  #sampleContext: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | undefined;
  #searchStartedAt = 0;
  /** The confirmed verdict as submitted (JSON), and the selfie it judged; both `null` unless confirmed. */
  #verdictJson: string | null = null;
  #selfie: File | null = null;
  #formDisabled = false;
  readonly #internals: ElementInternals = this.attachInternals();

  constructor() {
    super();
    this.autostart = false;
    this.camera = '';
    this.assetsUrl = '';
    this.holdMs = 600;
    this.proxyUrl = '';
    this.endpoint = 'antispoofing';
    this.timeoutMs = 15_000;
    this.maxImageSize = 1280;
    this.maxBytes = 500_000;
    this.fetchInit = undefined;
    this.stream = undefined;
    this.messages = {};
    this.gateThresholds = {};
    this.name = '';
    this.imageName = '';
    this.required = false;
    this.disabled = false;
    this._state = 'idle';
    this._hint = null;
    this._error = undefined;
    this._verdict = undefined;
    this._holdProgress = 0;
  }

  /** Live when the score is strictly above this. Default 0.55 for `antispoofing`, 0.50 for `robust`, unless set. */
  get threshold(): number {
    return this.#threshold ?? DEFAULT_THRESHOLDS[this.endpoint] ?? DEFAULT_THRESHOLDS.antispoofing;
  }
  set threshold(value: number | undefined | null) {
    const old = this.threshold;
    this.#threshold = value === null || value === undefined || Number.isNaN(value) ? undefined : value;
    this.requestUpdate('threshold', old);
  }

  /** The current state (see the `liveness-state` event). */
  get state(): LivenessState {
    return this._state;
  }

  /** The current hint, or `null`. */
  get hint(): LivenessHint | null {
    return this._hint;
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
    return this.#verdictJson ?? '';
  }
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  formResetCallback(): void {
    this.stop();
  }

  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    if (disabled) this.stop();
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.autostart) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#endAttempt();
    this._state = 'idle';
  }

  /** Opens the camera and runs the check. A no-op while a check is under way. */
  async start(): Promise<void> {
    if (ACTIVE_STATES.has(this._state) || this.#isDisabled) return;
    this.#endAttempt();
    this.#attemptId = newAttemptId();
    this._error = undefined;
    this._verdict = undefined;

    if (!this.proxyUrl) return this.#fail('config', 'The proxy-url attribute is required.');
    try {
      proxyEndpointUrl(this.proxyUrl, this.endpoint, document.baseURI);
    } catch (error) {
      return this.#fail('config', `proxy-url is not a usable URL: ${describeError(error)}`);
    }
    let gate: Readonly<GateThresholds>;
    try {
      gate = resolveGateThresholds({ ...this.gateThresholds, holdMs: this.holdMs });
    } catch (error) {
      return this.#fail('config', describeError(error));
    }
    const provided = this.stream;
    // A page-provided stream needs neither camera permission nor mediaDevices.
    const missing = checkBrowserSupport().missing.filter((need) => !provided || need === 'webassembly' || need === 'webgl');
    if (missing.includes('secure-context')) return this.#fail('insecure-context', 'The camera needs a secure context (https or localhost).');
    if (missing.length) return this.#fail('unsupported-browser', `This browser lacks: ${missing.join(', ')}.`);

    const run = (this.#run = new AbortController());
    this.#setState('starting', null);
    // Camera and detector load in parallel: the permission prompt hides most of the download.
    const detector = loadFaceDetector(this.assetsUrl || defaultAssetsUrl());
    let stream: MediaStream;
    try {
      stream = provided ?? (await openCamera(this.camera || undefined));
    } catch (error) {
      if (!run.signal.aborted) this.#fail(cameraErrorCode(error), describeError(error));
      return;
    }
    // The element may have been stopped or removed while the prompt was open: never leave that stream running.
    if (run.signal.aborted) return provided ? undefined : stopStream(stream);
    this.#stream = stream;
    this.#ownsStream = !provided;
    stream.getVideoTracks()[0]?.addEventListener('ended', this.#onTrackEnded);
    try {
      this.#detector = await detector;
    } catch (error) {
      if (!run.signal.aborted) this.#fail('model-load-failed', describeError(error));
      return;
    }
    if (run.signal.aborted) return;
    await this.#playPreview(stream);
    if (run.signal.aborted) return;
    this.#gate = gate;
    this.#hold = new HoldTracker(gate.holdMs, gate.maxHoldMovement);
    this.#searchStartedAt = performance.now();
    this.#setState('searching', null);
    this.#loop = new FrameLoop(this.#video, this.#onFrame);
    this.#loop.start();
  }

  /** Stops the camera and any request in flight, and returns to idle. Nothing is emitted for the stopped attempt. */
  stop(): void {
    this.#endAttempt();
    this.#setState('idle', null);
  }

  /** Starts a new attempt, whatever the state. */
  retry(): Promise<void> {
    this.stop();
    return this.start();
  }

  /** The preview; always rendered (only hidden), so it is looked up once. */
  #videoElement: HTMLVideoElement | undefined;
  get #video(): HTMLVideoElement {
    return (this.#videoElement ??= this.renderRoot.querySelector('video')!);
  }

  async #playPreview(stream: MediaStream): Promise<void> {
    await this.updateComplete;
    const video = this.#video;
    video.srcObject = stream;
    try {
      await video.play();
    } catch {
      // Autoplay of a muted inline video is allowed everywhere we support; the frame loop still waits for frames.
    }
  }

  readonly #onTrackEnded = (): void => {
    if (this.#stream) this.#fail('camera-not-found', 'The camera stopped (unplugged or taken by another app).');
  };

  readonly #onFrame = (): void => {
    const video = this.#video;
    const detector = this.#detector;
    const gate = this.#gate;
    const hold = this.#hold;
    if (!detector || !gate || !hold || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return;
    let result: ReturnType<FaceDetector['detectForVideo']>;
    try {
      result = detector.detectForVideo(video, nextDetectionTimestamp());
    } catch (error) {
      // Thrown from a frame callback it would only stop the loop: the widget would search forever, silently.
      return this.#fail('model-load-failed', `The face detector failed on a frame: ${describeError(error)}`);
    }
    const assessment = assessFace(
      { detections: toFaceDetections(result), frameWidth: video.videoWidth, frameHeight: video.videoHeight },
      gate,
      (box) => computeFaceStats(sampleFaceRegion(video, box, this.#faceSampleContext()), FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE),
    );
    if (!assessment.ok || !assessment.face) {
      hold.reset();
      this._holdProgress = 0;
      this.#setState('searching', assessment.hint);
      return;
    }
    const status = hold.update(assessment.face.box, performance.now());
    this._holdProgress = status.progress;
    if (status.complete) void this.#captureAndVerify();
    else this.#setState('holding', 'hold-still');
  };

  #faceSampleContext(): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
    if (!this.#sampleContext) {
      const canvas =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE)
          : Object.assign(document.createElement('canvas'), { width: FACE_SAMPLE_SIZE, height: FACE_SAMPLE_SIZE });
      this.#sampleContext = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
    }
    return this.#sampleContext;
  }

  async #captureAndVerify(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#loop?.stop();
    this.#setState('capturing', null);
    const video = this.#video;
    const captureStartedAt = performance.now();
    const timeToFaceMs = captureStartedAt - this.#searchStartedAt;
    // The encoder draws the frame before its first await, so the camera can go off right after this call.
    const encoding = encodeJpegWithinBudget(video, video.videoWidth, video.videoHeight, { maxSide: this.maxImageSize, maxBytes: this.maxBytes });
    this.#stopCamera();
    let image: Awaited<typeof encoding>;
    try {
      image = await encoding;
    } catch (error) {
      if (!run.signal.aborted) this.#fail('payload-too-large', describeError(error));
      return;
    }
    const base64 = bytesToBase64(image.bytes);
    const captureMs = performance.now() - captureStartedAt;
    if (run.signal.aborted) return;
    // One file for the event, the request and the form: the backend checks these very bytes against the verdict.
    const selfie = new File([image.bytes], 'selfie.jpg', { type: 'image/jpeg' });
    this.#emit<LivenessCaptureDetail>('liveness-capture', {
      attemptId: this.#attemptId!,
      image: selfie,
      width: image.width,
      height: image.height,
      bytes: image.bytes.byteLength,
      quality: image.quality,
      timeToFaceMs,
      captureMs,
    });

    this.#setState('verifying', null);
    const endpoint = this.endpoint;
    const threshold = this.threshold;
    let outcome;
    try {
      const answer = await submitLiveness({
        url: proxyEndpointUrl(this.proxyUrl, endpoint, document.baseURI),
        base64,
        timeoutMs: this.timeoutMs,
        fetchInit: this.fetchInit,
        signal: run.signal,
      });
      outcome = answer instanceof Response ? await parseLivenessResponse(answer, threshold) : answer;
    } catch (error) {
      if (run.signal.aborted) return; // stop() or removal: stay silent.
      outcome = { kind: 'error' as const, code: 'network' as const, message: describeError(error), recoverable: true };
    }
    if (run.signal.aborted) return;
    if (outcome.kind === 'error') {
      return this.#fail(outcome.code, outcome.message, { recoverable: outcome.recoverable, status: outcome.status });
    }
    const detail: LivenessVerdictDetail = {
      score: outcome.score,
      threshold,
      endpoint,
      predIdx: outcome.predIdx,
      mode: outcome.mode,
      attemptId: this.#attemptId!,
      ...(outcome.verdict ? { verdict: outcome.verdict } : {}),
    };
    this.#run = undefined;
    this._verdict = detail;
    // The backend must check the proxy's signature; an unsigned verdict is submitted as-is for it to reject.
    if (outcome.live) {
      this.#verdictJson = JSON.stringify(outcome.verdict ?? detail);
      this.#selfie = selfie;
    }
    this.#setState(outcome.live ? 'confirmed' : 'failed', null);
    this.#emit(outcome.live ? 'liveness-confirmed' : 'liveness-failed', detail);
  }

  #fail(code: LivenessErrorCode, message: string, extra: { recoverable?: boolean; status?: number } = {}): void {
    this.#endAttempt();
    const detail: LivenessErrorDetail = {
      code,
      message,
      recoverable: extra.recoverable ?? !FINAL_ERRORS.has(code),
      ...(extra.status !== undefined ? { status: extra.status } : {}),
      ...(this.#attemptId ? { attemptId: this.#attemptId } : {}),
    };
    this._error = detail;
    this.#setState('error', null);
    this.#emit('liveness-error', detail);
  }

  /** Ends the current attempt: aborts its request, stops its loop and camera. Idempotent. */
  #endAttempt(): void {
    this.#run?.abort();
    this.#run = undefined;
    this.#stopCamera();
  }

  #stopCamera(): void {
    this.#loop?.stop();
    this.#loop = undefined;
    const stream = this.#stream;
    this.#stream = undefined;
    stream?.getVideoTracks()[0]?.removeEventListener('ended', this.#onTrackEnded);
    if (this.#ownsStream) stopStream(stream);
    if (this.#videoElement) this.#videoElement.srcObject = null;
  }

  #setState(state: LivenessState, hint: LivenessHint | null): void {
    if (state === this._state && hint === this._hint) return;
    if (state !== 'confirmed') {
      this.#verdictJson = null;
      this.#selfie = null;
    }
    this._state = state;
    this._hint = hint;
    this.#emit<LivenessStateDetail>('liveness-state', { state, hint, ...(this.#attemptId ? { attemptId: this.#attemptId } : {}) });
  }

  #emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #text(key: keyof LivenessMessages): string {
    return this.messages[key] ?? DEFAULT_MESSAGES[key];
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('_state')) this.dataset.state = this._state;
    if (changed.has('disabled') && this.disabled) this.stop();
  }

  /** The verdict JSON, or with `name` and `image-name` set, the verdict and the selfie as two form entries. */
  #formValue(): string | FormData | null {
    if (this.#verdictJson === null || !this.name || !this.imageName || !this.#selfie) return this.#verdictJson;
    const entries = new FormData();
    entries.append(this.name, this.#verdictJson);
    entries.append(this.imageName, this.#selfie);
    return entries;
  }

  protected override updated(): void {
    this.#internals.setFormValue(this.#formValue());
    const missing = this.required && this.#verdictJson === null;
    const anchor = this.renderRoot.querySelector<HTMLElement>('button') ?? undefined;
    this.#internals.setValidity(missing ? { valueMissing: true } : {}, missing ? this.#text('value-missing') : '', anchor);
  }

  protected override render() {
    const state = this._state;
    const showCamera = CAMERA_STATES.has(state) || state === 'starting';
    const hintText = this._hint ? this.#text(this._hint) : CAMERA_STATES.has(state) ? this.#text(state) : '';
    return html`
      <div class="stage">
        <video
          part="video"
          playsinline
          muted
          autoplay
          .muted=${true}
          aria-label=${this.#text('video-label')}
          ?hidden=${!showCamera}
        ></video>
        ${CAMERA_STATES.has(state) ? this.#renderGuide() : nothing} ${this.#renderScreen(state)}
      </div>
      <div class="status">
        <p class="hint" part="hint" aria-live="polite" role="status">${hintText}</p>
        <p class="state">${CAMERA_STATES.has(state) || state === 'starting' ? this.#text(state) : ''}</p>
        <p class="rotate">${showCamera ? this.#text('rotate-portrait') : ''}</p>
      </div>
    `;
  }

  get #isDisabled(): boolean {
    return this.disabled || this.#formDisabled;
  }

  #renderGuide() {
    // Oval in a 300×400 box (the stage's 3:4); the progress stroke fills around it while the face holds still.
    const circumference = 2 * Math.PI * Math.sqrt((110 ** 2 + 150 ** 2) / 2);
    const progress = this._state === 'holding' ? this._holdProgress : this._state === 'capturing' ? 1 : 0;
    return html`
      <svg class="overlay" part="overlay" viewBox="0 0 300 400" preserveAspectRatio="xMidYMid slice" aria-hidden="true">
        <path class="scrim" fill-rule="evenodd" d="M0 0H300V400H0Z M150 50a110 150 0 1 0 0.01 0Z"></path>
        <ellipse class="guide" cx="150" cy="200" rx="110" ry="150"></ellipse>
        <ellipse
          class="progress"
          cx="150"
          cy="200"
          rx="110"
          ry="150"
          stroke-dasharray=${circumference}
          stroke-dashoffset=${circumference * (1 - progress)}
        ></ellipse>
      </svg>
      <div
        class="visually-hidden"
        role="progressbar"
        aria-label=${this.#text('holding-progress')}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(progress * 100)}
      ></div>
    `;
  }

  #renderScreen(state: LivenessState) {
    switch (state) {
      case 'idle':
        return html`<div class="screen">
          <slot name="start">
            <p class="state">${this.#text('idle')}</p>
            <button part="button" type="button" ?disabled=${this.#isDisabled} @click=${() => this.start()}>${this.#text('start')}</button>
          </slot>
        </div>`;
      case 'verifying':
        return html`<div class="screen"><p class="outcome" role="status">${this.#text('verifying')}</p></div>`;
      case 'confirmed':
      case 'failed':
        return html`<div class="screen">
          <slot name="result">
            <p class="outcome ${state}" role="status">
              ${state === 'confirmed' && this._verdict?.mode === 'sandbox' ? this.#text('confirmed-sandbox') : this.#text(state)}
            </p>
            ${state === 'failed' ? this.#retryButton() : nothing}
          </slot>
        </div>`;
      case 'error': {
        const error = this._error;
        return html`<div class="screen">
          <slot name="error">
            <p class="outcome error" role="alert">${error ? this.#text(error.code) : this.#text('error')}</p>
            ${error?.recoverable ? this.#retryButton() : nothing}
          </slot>
        </div>`;
      }
      default:
        return nothing;
    }
  }

  #retryButton() {
    return html`<button part="button" type="button" ?disabled=${this.#isDisabled} @click=${() => this.retry()}>${this.#text('retry')}</button>`;
  }
}

function newAttemptId(): string {
  return globalThis.crypto?.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

if (!customElements.get('liveness-check')) customElements.define('liveness-check', LivenessCheck);

declare global {
  interface HTMLElementTagNameMap {
    'liveness-check': LivenessCheck;
  }
  interface HTMLElementEventMap {
    'liveness-state': CustomEvent<LivenessStateDetail>;
    'liveness-capture': CustomEvent<LivenessCaptureDetail>;
    'liveness-confirmed': CustomEvent<LivenessVerdictDetail>;
    'liveness-failed': CustomEvent<LivenessVerdictDetail>;
    'liveness-error': CustomEvent<LivenessErrorDetail>;
  }
}
