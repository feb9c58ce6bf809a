/** The tag the package registers (no DOM here: the server stand-in exports it too). */
export const LIVENESS_CHECK_TAG = 'liveness-check';
