import { defineConfig } from 'vite';
import { BUILD_DEFINES } from './scripts/build-defines.mjs';

// `dist/liveness-check.server.js`, what the package's `node` export condition loads (src/liveness-check.server.ts).
// A build of its own, after the library's: the constants it shares with the element are copied into it, where as
// another entry of the library build they would become chunks of their own, two more requests for every browser.
export default defineConfig({
  define: BUILD_DEFINES,
  publicDir: false,
  build: {
    target: 'node20',
    sourcemap: true,
    outDir: 'dist',
    emptyOutDir: false,
    lib: { entry: { 'liveness-check.server': 'src/liveness-check.server.ts' }, formats: ['es'] },
  },
});
