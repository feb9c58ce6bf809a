// Browser suites run in Debian's Chromium through Playwright. Chromium's fake camera plays one file per
// browser launch, so every camera feed gets its own group (and browser) with that file as its camera.
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, chromiumArgs } from './test/support/chromium.mjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { summaryReporter, defaultReporter } from '@web/test-runner';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { requestLogPlugin } from './test/support/request-log-plugin.mjs';
import { stubLivenessApi } from './test/support/stub-liveness-api.mjs';

/** A Chromium whose fake camera plays `feed`; `grantCamera: false` leaves the prompt to deny. */
function chromium(options) {
  return playwrightLauncher({
    product: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(options) },
  });
}

/** Tells a shared test file which feed its camera plays. */
function withFeed(feed) {
  return (testFramework) =>
    `<html><body><script>window.__LIVENESS_FEED__ = ${JSON.stringify(feed)};</script>` +
    `<script type="module" src="${testFramework}"></script></body></html>`;
}

export const GUIDANCE_FEEDS = ['centred', 'side', 'far', 'close', 'two-faces', 'blank', 'dark', 'bright', 'blurred', 'tilted'];

export default {
  rootDir: '.',
  nodeResolve: true,
  concurrentBrowsers: 2,
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 30_000 } },
  // MediaPipe's start-up chatter (glog lines) and Lit's dev-mode notice would bury real warnings.
  filterBrowserLogs: ({ args }) => !/^(Lit is in dev mode|[IWE]\d{4} |Graph successfully started|INFO: Created TensorFlow Lite)/.test(String(args[0])),
  middleware: [stubLivenessApi],
  plugins: [requestLogPlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
  groups: [
    {
      name: 'browser',
      files: ['test/browser/**/*.test.ts', ...['guidance', 'camera-denied', 'capture-orientation'].map((name) => `!test/browser/${name}.test.ts`)],
      browsers: [chromium({ feed: 'centred' })],
    },
    {
      name: 'camera-denied',
      files: ['test/browser/camera-denied.test.ts'],
      browsers: [chromium({ feed: 'centred', grantCamera: false })],
    },
    {
      name: 'feed-marker',
      files: ['test/browser/capture-orientation.test.ts'],
      browsers: [chromium({ feed: 'marker' })],
    },
    ...GUIDANCE_FEEDS.map((feed) => ({
      name: `feed-${feed}`,
      files: ['test/browser/guidance.test.ts'],
      browsers: [chromium({ feed })],
      testRunnerHtml: withFeed(feed),
    })),
  ],
};
