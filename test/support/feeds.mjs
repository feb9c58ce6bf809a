// The generated camera feeds (scripts/make-feeds.sh) that the guidance suite walks through, shared by the
// config (one Chromium per feed) and the suite itself (one page per engine switching the stills).
export const GUIDANCE_FEEDS = ['centred', 'side', 'far', 'close', 'two-faces', 'blank', 'dark', 'bright', 'blurred', 'tilted'];
