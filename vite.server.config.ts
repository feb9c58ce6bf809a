import { defineConfig } from 'vite';
import { BUILD_DEFINES } from './scripts/build-defines.mjs';

// `dist/liveness-check.server.js`, what the package's `node` export condition loads (src/liveness-check.server.ts),
// and `dist/cli.js`, the package's `liveness-check` command. A build of its own, after the library's: the constants
// the server entry shares with the element are copied into it, where as another entry of the library build they would
// become chunks of their own, two more requests for every browser.
export default defineConfig({
  define: BUILD_DEFINES,
  publicDir: false,
  build: {
    target: 'node20',
    sourcemap: true,
    outDir: 'dist',
    emptyOutDir: false,
    lib: { entry: { 'liveness-check.server': 'src/liveness-check.server.ts', cli: 'src/cli/liveness-check-cli.ts' }, formats: ['es'] },
    rolldownOptions: {
      external: [/^node:/, 'jose'],
      output: { banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
    },
  },
});
