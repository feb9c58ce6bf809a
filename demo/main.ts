// The product-trial page: the element with a control panel, a live event log, the last capture with its
// timings, a snippet that mirrors the settings, and a KYC form whose submit the demo server verifies.
import '../src/liveness-check.js';
import type { LivenessCaptureDetail, LivenessCheck, LivenessEndpoint } from '../src/liveness-check.js';
import { DEFAULT_THRESHOLDS } from '../src/liveness-check.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const check = $<LivenessCheck>('check');
const endpoint = $<HTMLSelectElement>('endpoint');
const threshold = $<HTMLInputElement>('threshold');
const sandboxOutcome = $<HTMLSelectElement>('sandbox-outcome');
const camera = $<HTMLSelectElement>('camera');
const theme = $<HTMLSelectElement>('theme');
const language = $<HTMLSelectElement>('language');
const log = $<HTMLOListElement>('event-log');
const form = $<HTMLFormElement>('kyc-form');
const formResult = $<HTMLOutputElement>('form-result');

let sandbox = false;
let thresholdTouched = false;
let capturedAt = 0;

async function loadServerConfig(): Promise<void> {
  const config = (await (await fetch('/demo/config')).json()) as { sandbox: boolean };
  sandbox = config.sandbox;
  $('sandbox-banner').hidden = !sandbox;
  $('sandbox-outcome-field').hidden = !sandbox;
  applySettings();
}

function applySettings(): void {
  check.endpoint = endpoint.value as LivenessEndpoint;
  const defaultThreshold = DEFAULT_THRESHOLDS[check.endpoint];
  if (!thresholdTouched) threshold.value = String(defaultThreshold);
  check.threshold = thresholdTouched ? Number(threshold.value) : undefined;
  $('threshold-value').textContent = Number(threshold.value).toFixed(2);
  $('threshold-default').textContent = `Default for ${check.endpoint}: ${defaultThreshold.toFixed(2)}`;
  check.fetchInit = sandbox ? { headers: { 'x-sandbox-outcome': sandboxOutcome.value } } : undefined;
  check.camera = camera.value;
  // The element follows the page's language and loads the shipped messages for it.
  document.documentElement.lang = language.value;
  document.documentElement.dataset.theme = theme.value;
  renderSnippet();
}

function renderSnippet(): void {
  const attributes = [`proxy-url="/api/liveness"`];
  if (check.endpoint !== 'antispoofing') attributes.push(`endpoint="${check.endpoint}"`);
  if (thresholdTouched) attributes.push(`threshold="${Number(threshold.value).toFixed(2)}"`);
  if (camera.value) attributes.push(`camera="${camera.value}"`);
  if (language.value !== 'en') attributes.push(`lang="${language.value}"`);
  const lines = [
    `<script type="module" src="/node_modules/liveness-check/dist/liveness-check.js"></script>`,
    `<liveness-check name="liveness" image-name="selfie" required ${attributes.join(' ')}></liveness-check>`,
  ];
  $('snippet').textContent = lines.join('\n');
}

async function listCameras(): Promise<void> {
  const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'videoinput');
  $('camera-field').hidden = cameras.length < 2;
  if (cameras.length < 2 || camera.options.length) return;
  camera.append(new Option('Default (front camera)', ''));
  cameras.forEach((device, index) => camera.append(new Option(device.label || `Camera ${index + 1}`, device.deviceId)));
}

function describeDetail(detail: unknown): string {
  return JSON.stringify(detail, (key, value: unknown) =>
    value instanceof Blob
      ? `Blob(${value.size} bytes, ${value.type})`
      : key === 'signature' && typeof value === 'string'
        ? `${value.slice(0, 12)}…`
        : value,
  );
}

function logEvent(event: Event): void {
  const item = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = new Date().toISOString().slice(11, 23);
  const type = document.createElement('strong');
  type.textContent = event.type;
  const detail = document.createElement('code');
  detail.textContent = describeDetail((event as CustomEvent).detail);
  item.append(time, ' ', type, ' ', detail);
  item.dataset.type = event.type;
  log.prepend(item);
}

function showCapture(detail: LivenessCaptureDetail): void {
  capturedAt = performance.now();
  const image = $<HTMLImageElement>('capture-image');
  if (image.src) URL.revokeObjectURL(image.src);
  image.src = URL.createObjectURL(detail.image);
  $('capture-size').textContent = `${(detail.bytes / 1024).toFixed(1)} KB (JPEG quality ${detail.quality})`;
  $('capture-dimensions').textContent = `${detail.width} × ${detail.height}`;
  $('timing-face').textContent = `${Math.round(detail.timeToFaceMs)} ms`;
  $('timing-capture').textContent = `${Math.round(detail.captureMs)} ms`;
  $('timing-round-trip').textContent = '…';
  $('capture').hidden = false;
  $('capture-empty').hidden = true;
}

function showRoundTrip(): void {
  if (capturedAt) $('timing-round-trip').textContent = `${Math.round(performance.now() - capturedAt)} ms`;
  capturedAt = 0;
}

for (const type of ['liveness-state', 'liveness-capture', 'liveness-confirmed', 'liveness-failed', 'liveness-error']) {
  check.addEventListener(type, logEvent);
}
check.addEventListener('liveness-capture', (event) => showCapture(event.detail));
for (const type of ['liveness-confirmed', 'liveness-failed', 'liveness-error'] as const) check.addEventListener(type, showRoundTrip);
check.addEventListener('liveness-state', (event) => {
  if (event.detail.state === 'searching') void listCameras();
  // A "complete the check" warning from an earlier submit is stale once a new attempt runs.
  if (formResult.dataset.outcome === 'invalid') {
    formResult.textContent = '';
    delete formResult.dataset.outcome;
  }
});

threshold.addEventListener('input', () => {
  thresholdTouched = true;
  applySettings();
});
for (const control of [endpoint, sandboxOutcome, camera, theme, language]) control.addEventListener('change', applySettings);

$('copy-snippet').addEventListener('click', (event) => {
  const button = event.currentTarget as HTMLButtonElement;
  void navigator.clipboard?.writeText($('snippet').textContent ?? '').then(() => (button.textContent = 'Copied'));
});

/** The server's answer to the form: the decision, and each check of the verdict it made. */
interface FormResult {
  accepted: boolean;
  reason?: string;
  mode?: string;
  score?: number;
  checks: Array<{ name: string; label: string; status: 'passed' | 'failed' | 'not-checked' }>;
}

const CHECK_MARKS = { passed: '✓', failed: '✗', 'not-checked': '–' } as const;

function showFormResult(result: FormResult): void {
  formResult.dataset.outcome = result.accepted ? 'accepted' : 'rejected';
  formResult.textContent = result.accepted
    ? `Server verified the signed verdict: live, score ${result.score}${result.mode === 'sandbox' ? ' (sandbox: no liveness model ran)' : ''}. Form accepted.`
    : `Server rejected the form: ${result.reason}.`;
  const checks = $<HTMLUListElement>('form-checks');
  checks.replaceChildren(
    ...result.checks.map(({ name, label, status }) => {
      const item = document.createElement('li');
      item.dataset.check = name;
      item.dataset.status = status;
      item.textContent = `${CHECK_MARKS[status]} ${label}`;
      return item;
    }),
  );
  checks.hidden = false;
}

async function submitForm(): Promise<void> {
  $('form-checks').hidden = true;
  if (!form.reportValidity()) {
    formResult.textContent = check.validationMessage || 'Please complete the form.';
    formResult.dataset.outcome = 'invalid';
    return;
  }
  // Multipart, as the browser would send it: the fields, the signed verdict and the selfie it judged.
  const response = await fetch(form.action, { method: 'POST', body: new FormData(form) });
  showFormResult((await response.json()) as FormResult);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void submitForm();
});

void loadServerConfig();
