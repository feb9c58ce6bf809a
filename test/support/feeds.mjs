// The generated camera feeds (scripts/make-feeds.sh) that the guidance suite walks through, shared by the
// config (one Chromium per feed) and the suite itself (one page per engine switching the stills).
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
