// Constants every build substitutes into src/ (vite.config.ts, vite.server.config.ts, the browser tests' esbuild in
// web-test-runner.config.mjs; Node tests that import src/ set them as globals: test/support/build-defines.ts).
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Identifier → its value as JSON, the form `define` takes. */
export const BUILD_DEFINES = {
  __LIVENESS_CHECK_VERSION__: JSON.stringify(version),
};
