import type { LivenessErrorCode, LivenessHint, LivenessState } from './types.js';

/** Words the element shows or announces that are not keyed by a hint, state or error code. */
export type LivenessUiText =
  | 'start'
  | 'retry'
  | 'video-label'
  | 'rotate-portrait'
  | 'value-missing'
  | 'holding-progress'
  | 'confirmed-sandbox'
  | 'capture-anyway'
  | 'cancel'
  | 'error-final'
  | 'start-note'
  | 'confirmed-next'
  | 'camera-denied-steps'
  | 'consent-text'
  | 'consent-agree'
  | 'privacy-link';

/** The concrete tip shown with a hint once the search drags on (state `assisting`). */
export type LivenessTip = `tip-${LivenessHint}`;

/**
 * Every user-facing text, keyed by hint, tip, state, error code or UI element. Integrators override any subset through
 * the `messages` property (for another language or their own tone); English is the fallback for the rest.
 */
export type LivenessMessages = Record<LivenessHint | LivenessTip | LivenessState | LivenessErrorCode | LivenessUiText, string>;

export const DEFAULT_MESSAGES: Readonly<LivenessMessages> = Object.freeze({
  // Hints: short, actionable, read aloud by screen readers.
  'no-face': 'Position your face in the oval',
  'multiple-faces': 'Make sure only you are in view',
  'move-closer': 'Move closer',
  'move-back': 'Move back a little',
  'center-face': 'Center your face in the oval',
  'too-dark': 'Find better light',
  'too-bright': 'Too bright: avoid direct light',
  blurry: 'Hold the camera steady',
  'look-straight': 'Look straight at the camera',
  'hold-still': 'Hold still…',
  // Tips, once the search drags on: one concrete thing to do about the hint that kept coming back.
  'tip-no-face': 'Make sure the camera is not covered and your whole face is in view',
  'tip-multiple-faces': 'Ask others to step away, and keep photos and screens out of view',
  'tip-move-closer': 'Hold the camera about a forearm’s length from your face',
  'tip-move-back': 'Hold the camera at about arm’s length',
  'tip-center-face': 'Hold the camera straight in front of your face',
  'tip-too-dark': 'Face a window or a lamp',
  'tip-too-bright': 'Move out of direct sunlight or away from the lamp',
  'tip-blurry': 'Wipe the camera lens',
  'tip-look-straight': 'Face the screen and keep your head level',
  'tip-hold-still': 'Rest your elbows on a table to keep steady',
  // States.
  idle: 'Ready for a quick face check',
  starting: 'Starting the camera…',
  searching: 'Looking for your face…',
  holding: 'Hold still…',
  assisting: 'Still looking for your face…',
  capturing: 'Capturing…',
  verifying: 'Checking…',
  confirmed: 'Verified: you are live',
  // A sandbox answer is a trial, never a confirmation.
  'confirmed-sandbox': 'Sandbox — no liveness model ran',
  failed: 'We could not confirm a live person. Please try again.',
  error: 'Something went wrong',
  // Errors.
  'camera-denied': 'Camera access was blocked. Allow the camera in your browser settings, then retry.',
  'camera-not-found': 'No camera was found. Connect a camera, then retry.',
  'camera-in-use': 'The camera is in use by another app. Close it, then retry.',
  'camera-virtual': 'This check needs a real camera, not a virtual one. Choose your webcam, then retry.',
  'face-timeout': 'We could not take a clear photo, so the camera was turned off. Please try again.',
  'insecure-context': 'The camera needs a secure (https) page.',
  'unsupported-browser': 'This browser cannot open the camera. Try an up-to-date browser.',
  'model-load-failed': 'The face detector could not load. Check your connection, then retry.',
  'detector-failed': 'The face detector stopped working. Please try again.',
  'capture-failed': 'The photo could not be taken. Please try again.',
  config: 'This check is not set up correctly.',
  'face-not-detected': 'No face was found in the photo. Please try again.',
  'invalid-image': 'The photo could not be read. Please try again.',
  rejected: 'The check was rejected. Please try again.',
  'payload-too-large': 'The photo was too large to send.',
  'http-error': 'The check service answered with an error.',
  'attempts-exhausted': 'You have used all your attempts for now. Please come back later.',
  timeout: 'The check took too long. Please try again.',
  network: 'Network problem. Check your connection, then retry.',
  'bad-response': 'The check service gave an unexpected answer.',
  // UI.
  start: 'Start face check',
  retry: 'Try again',
  'video-label': 'Camera preview',
  'rotate-portrait': 'Turn your phone upright for the best result',
  'value-missing': 'Complete the face check to continue.',
  'holding-progress': 'Capture progress',
  'capture-anyway': 'Take the photo anyway',
  cancel: 'Cancel',
  'error-final': 'Reload the page to start over. If this keeps happening, contact the site’s support.',
  // The screens around the camera: what happens, what comes next, how to let the camera in.
  'start-note': 'It takes a few seconds. One photo of your face is sent for the check.',
  'confirmed-next': 'You can continue.',
  'camera-denied-steps': 'In the address bar, select the camera or lock icon, allow the camera, then try again.',
  // Consent (consent-required): the purpose, what is sent, and the box the Start button waits for.
  'consent-text':
    'To confirm that you are a real person, this check uses your camera. One photo of your face is sent to our verification service for a liveness check.',
  'consent-agree': 'I agree to the face check',
  'privacy-link': 'How we handle your data',
});
