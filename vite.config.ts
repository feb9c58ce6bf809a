import { defineConfig, type Plugin } from 'vite';
import { BUILD_DEFINES } from './scripts/build-defines.mjs';

/**
 * Makes the built modules read, for an app's bundler, as plain source would: the asset URLs in
 * src/detector/detector-assets.ts carry `@vite-ignore` so this library build leaves them alone (it would inline
 * every file as base64), and the comment is dropped again here, or an app's Vite would skip the files too. And
 * tasks-vision's `import(url.toString())` (its module-worker fallback, never taken here) is marked for webpack to
 * ignore, instead of a "Critical dependency" warning in every webpack build.
 */
function releaseAssetUrls(): Plugin {
  return {
    name: 'release-asset-urls',
    renderChunk(code) {
      const released = code
        .replace(/\/\*\s*@vite-ignore\s*\*\/\s*(?=["'`]\.\/assets\/)/g, '')
        .replace(/\bimport\((\w+)\.toString\(\)\)/g, 'import(/* webpackIgnore: true */ $1.toString())');
      return released === code ? null : { code: released, map: null };
    },
  };
}

// Library build: `dist/liveness-check.js` (registers the element; MediaPipe split into a chunk loaded on first
// start() when detection runs on the page), `dist/element.js` (the same API without registering), `dist/proxy.js`
// (the server half, no `node:*` import), `dist/proxy-node.js` (the same for Node, with its node:http upstream client),
// `dist/proxy-redis.js` (its Redis stores: a separate entry the core proxy never imports), and
// `dist/assets/` (model, SIMD WASM and the detection worker, prepared in build/public by `npm run build`).
// Lit is bundled so `dist/` works from a plain <script type="module"> with no bundler or import map.
export default defineConfig({
  define: BUILD_DEFINES,
  publicDir: 'build/public',
  plugins: [releaseAssetUrls()],
  build: {
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: {
        'liveness-check': 'src/liveness-check.ts',
        element: 'src/element.ts',
        proxy: 'src/proxy/index.ts',
        'proxy-node': 'src/proxy/node.ts',
        'proxy-redis': 'src/proxy/redis/index.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      // jose is a dependency of the package (the proxy's tokens), installed beside it and kept up to date by npm.
      external: [/^node:/, 'jose'],
      // Chunks sit beside the entries, so `./assets/` resolves to dist/assets/ from whichever module asks.
      output: { chunkFileNames: '[name]-[hash].js' },
    },
  },
});
