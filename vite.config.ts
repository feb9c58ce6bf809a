import { defineConfig } from 'vite';

// Library build: `dist/liveness-check.js` (registers the element; MediaPipe split into a chunk loaded on first
// start()), `dist/element.js` (the same API without registering), `dist/proxy.js` (the server half),
// `dist/proxy-redis.js` (its Redis stores: a separate entry the core proxy never imports), and `dist/assets/`
// (model + WASM, copied from build/public by `npm run build`).
// Lit is bundled so `dist/` works from a plain <script type="module"> with no bundler or import map.
export default defineConfig({
  publicDir: 'build/public',
  build: {
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: {
        'liveness-check': 'src/liveness-check.ts',
        element: 'src/element.ts',
        proxy: 'src/proxy/index.ts',
        'proxy-redis': 'src/proxy/redis/index.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^node:/],
      // Chunks sit beside the entries, so `./assets/` resolves to dist/assets/ from whichever module asks.
      output: { chunkFileNames: '[name]-[hash].js' },
    },
  },
});
