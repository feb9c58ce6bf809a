/**
 * Where MediaPipe's own output goes: nowhere, unless an element on the page has the `debug` attribute; then to
 * `console.debug`. It would otherwise print "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." with
 * `console.error` on every first start, and error monitoring would file an error for every user.
 */
export function logMediaPipe(line: string): void {
  if (typeof document !== 'undefined' && document.querySelector('liveness-check[debug]')) {
    console.debug('[liveness-check] mediapipe:', line);
  }
}
