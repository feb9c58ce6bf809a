// Browser suites in three engines (test/support/engines.mjs; TEST_ENGINES narrows them):
// - Chromium: its fake camera plays one file per browser launch, so each camera feed gets its own group (and
//   browser) with that file as its camera, and the element takes the real getUserMedia path.
// - Firefox and WebKit: their fake cameras show no face, so the element gets the feed stills through its `stream`
//   property (test/support/feed-stream.ts) and one page switches between them; tests of the real getUserMedia
//   path use the engine's own fake camera.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { summaryReporter, defaultReporter } from '@web/test-runner';
import { BUILD_DEFINES } from './scripts/build-defines.mjs';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { chromium, firefox, selectedEngines, webkit } from './test/support/engines.mjs';
import { BEST_FRAME_FEEDS, CAMERA_GUIDANCE_FEEDS, PROVENANCE_FEEDS, SEARCH_ASSIST_FEEDS } from './test/support/feeds.mjs';
import { requestLogPlugin } from './test/support/request-log-plugin.mjs';
import { stubLivenessApi } from './test/support/stub-liveness-api.mjs';

/** Tells the shared test files which engine runs them, which feed the element sees and where it comes from. */
function pageGlobals({ engine, feed = 'centred', source }) {
  return (testFramework) =>
    `<html><body><script>Object.assign(window, ${JSON.stringify({ __LIVENESS_ENGINE__: engine, __LIVENESS_FEED__: feed, __LIVENESS_SOURCE__: source })});</script>` +
    `<script type="module" src="${testFramework}"></script></body></html>`;
}

const only = (name) => `test/browser/${name}.test.ts`;
/** Files that need a group of their own (a browser launched differently) in every engine. */
const OWN_GROUP = ['camera-denied', 'no-webgl'];
const ALL_FILES = ['test/browser/**/*.test.ts', ...OWN_GROUP.map((name) => `!${only(name)}`)];

/** In Chromium, the suites that run once per camera feed, each on its feeds (one browser per feed, shared by its suites). */
const FEED_SUITES = {
  guidance: CAMERA_GUIDANCE_FEEDS,
  'search-assist': SEARCH_ASSIST_FEEDS,
  'best-frame': BEST_FRAME_FEEDS,
  'capture-provenance': PROVENANCE_FEEDS,
};
const CAMERA_FEEDS = [...new Set(Object.values(FEED_SUITES).flat())];
const suitesOn = (feed) => Object.keys(FEED_SUITES).filter((suite) => FEED_SUITES[suite].includes(feed));

function chromiumGroups() {
  const html = (feed) => pageGlobals({ engine: 'chromium', feed, source: 'camera' });
  return [
    {
      name: 'browser',
      files: [...ALL_FILES, ...[...Object.keys(FEED_SUITES), 'capture-orientation'].map((name) => `!${only(name)}`)],
      browsers: [chromium({ feed: 'centred' })],
      testRunnerHtml: html('centred'),
    },
    {
      name: 'camera-denied',
      files: [only('camera-denied')],
      browsers: [chromium({ feed: 'centred', grantCamera: false })],
      testRunnerHtml: html('centred'),
    },
    { name: 'feed-marker', files: [only('capture-orientation')], browsers: [chromium({ feed: 'marker' })], testRunnerHtml: html('marker') },
    ...CAMERA_FEEDS.map((feed) => ({
      name: `feed-${feed}`,
      files: suitesOn(feed).map(only),
      browsers: [chromium({ feed })],
      testRunnerHtml: html(feed),
    })),
    // The stills path that Firefox and WebKit rely on, in Chromium too: the feeds not played as cameras above, and a
    // few that are (CHROMIUM_STILL_FEEDS), which must give the same hints both ways, or a difference between engines
    // could hide in the test harness.
    {
      name: 'chromium-stills',
      files: [only('guidance'), only('camera'), only('best-frame'), only('capture-provenance')],
      browsers: [chromium({ feed: 'centred' })],
      testRunnerHtml: pageGlobals({ engine: 'chromium', source: 'stream' }),
    },
  ];
}

function firefoxGroups() {
  // Runs headful: headless Firefox has no WebGL on this machine (tasks-vision needs it to take frames in); under a
  // virtual display it has llvmpipe's. scripts/run-tests.ts provides one with xvfb-run.
  const html = pageGlobals({ engine: 'firefox', source: 'stream' });
  return [
    { name: 'firefox', files: ALL_FILES, browsers: [firefox()], testRunnerHtml: html },
    { name: 'firefox-camera-denied', files: [only('camera-denied')], browsers: [firefox({ grantCamera: false })], testRunnerHtml: html },
    { name: 'firefox-no-webgl', files: [only('no-webgl')], browsers: [firefox({ webgl: false })], testRunnerHtml: html },
  ];
}

function webkitGroups() {
  // scripts/run-tests.ts starts WebKitWebDriver and passes its port; a direct `npx wtr` run starts its own.
  const port = Number(process.env.WEBKIT_WEBDRIVER_PORT) || undefined;
  const html = pageGlobals({ engine: 'webkit', source: 'stream' });
  // No denied-camera group: WebKitWebDriver has no Set Permission command and automation grants capture.
  return [{ name: 'webkit', files: ALL_FILES, browsers: [webkit({ port })], testRunnerHtml: html }];
}

const engines = selectedEngines();
const groups = [
  ...(engines.includes('chromium') ? chromiumGroups() : []),
  ...(engines.includes('firefox') ? firefoxGroups() : []),
  ...(engines.includes('webkit') ? webkitGroups() : []),
];

export default {
  rootDir: '.',
  nodeResolve: true,
  concurrentBrowsers: 2,
  concurrency: 1,
  browserStartTimeout: 60_000,
  // A whole file: WebKit walks every guidance feed in one page, with detection on its main thread.
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 30_000 } },
  // MediaPipe's start-up chatter (glog lines and their traces) and Lit's dev-mode notice would bury real warnings.
  filterBrowserLogs: ({ args }) =>
    !/^(Lit is in dev mode|[IWE]\d{4} |Graph successfully started|INFO: Created TensorFlow Lite|=== Source Location Trace|third_party\/mediapipe)/.test(
      String(args[0]),
    ),
  middleware: [stubLivenessApi],
  plugins: [
    requestLogPlugin(),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      define: BUILD_DEFINES,
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
  groups,
};
