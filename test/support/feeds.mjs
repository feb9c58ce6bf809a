// The generated camera feeds (scripts/make-feeds.sh) that the guidance suite walks through, shared by the
// config (one Chromium per camera feed) and the suite itself (one page per engine switching the stills).
export const GUIDANCE_FEEDS = [
  'centred',
  'side',
  'far',
  'close',
  'two-faces',
  'blank',
  'dark',
  'bright',
  'blurred',
  'tilted',
  // Models of real webcams (issue 16): usable faces that must be captured, and the failures the old measures let through.
  'webcam',
  'webcam-60',
  'dim-60',
  'dim-visible',
  'low-light',
  'glasses',
  'clipped',
  'defocus',
  'glasses-defocus',
  'turned',
];

/**
 * The feeds Chromium also plays through its fake camera, one browser each: one per outcome (a capture and every
 * hint), enough to show the camera path and the stills path agree. Every feed goes through the stills in all engines.
 */
export const CAMERA_GUIDANCE_FEEDS = GUIDANCE_FEEDS.slice(0, GUIDANCE_FEEDS.indexOf('tilted') + 1);

/**
 * The stills Chromium walks: the feeds it does not play as cameras, plus a capture and two hints through both paths,
 * so that a difference between the camera and the stills harness would show in one engine.
 */
export const CHROMIUM_STILL_FEEDS = GUIDANCE_FEEDS.filter(
  (feed) => !CAMERA_GUIDANCE_FEEDS.includes(feed) || ['centred', 'dark', 'blurred'].includes(feed),
);

// Feeds that never pass the gate, for the help, the manual capture and the timeout (test/browser/search-assist.test.ts).
export const SEARCH_ASSIST_FEEDS = ['dark', 'blurred', 'blank', 'two-faces'];

// Faces that change from frame to frame, for the best frame of the hold (test/browser/best-frame.test.ts): a swaying
// head with motion blur, and sensor noise. Chromium plays them as cameras; elsewhere the suite alternates two stills.
export const BEST_FRAME_FEEDS = ['sway', 'noisy'];

// Capture provenance (test/browser/capture-provenance.test.ts): a looped still (`centred`: frozen-feed) and feeds
// whose every frame differs, by sensor noise or motion (never frozen).
export const PROVENANCE_FEEDS = ['centred', 'noisy', 'sway', 'webcam', 'low-light'];
