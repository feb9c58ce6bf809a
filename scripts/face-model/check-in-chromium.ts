/**
 * Manual end-to-end check (not a committed test): loads the built
 * blaze_face_short_range.tflite with @mediapipe/tasks-vision in headless
 * Chromium and detects on a real face photo and on a blank grey canvas.
 *
 *   npx tsx scripts/face-model/check-in-chromium.ts /path/to/astronaut.png
 *
 * The photo is scikit-image's astronaut.png (512×512), e.g. from Debian's
 * python3-skimage: `apt-get download python3-skimage && dpkg -x ...`.
 * Also loads, as controls, the registry model WITHOUT metadata (expected to
 * fail) and the full-range model with metadata added; and repeats the short
 * range run with the non-SIMD WASM build.
 */

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright';

import { prepareAssets, REPO_ROOT } from '../build-face-model.ts';
import { addTfliteMetadata } from './add-tflite-metadata.ts';

const imagePath = process.argv[2];
if (!imagePath) {
  console.error('usage: tsx scripts/face-model/check-in-chromium.ts /path/to/astronaut.png');
  process.exit(2);
}

prepareAssets({ log: (m) => console.log(`prepare: ${m}`) });

const faceDetectionDir = join(REPO_ROOT, 'node_modules', '@mediapipe', 'face_detection');
const virtualFiles: Record<string, Uint8Array> = {
  '/__check/face.png': readFileSync(imagePath),
  '/__check/no-metadata.tflite': readFileSync(join(faceDetectionDir, 'face_detection_short_range.tflite')),
  '/__check/full-range.tflite': addTfliteMetadata(
    new Uint8Array(readFileSync(join(faceDetectionDir, 'face_detection_full_range.tflite'))),
  ),
};

// The page script, as used in the browser.
const PAGE_JS = `
import { FilesetResolver, FaceDetector } from '/node_modules/@mediapipe/tasks-vision/vision_bundle.mjs';

async function detectAll(detector) {
  const img = new Image();
  img.src = '/__check/face.png';
  await img.decode();
  const grey = document.createElement('canvas');
  grey.width = grey.height = 512;
  const ctx = grey.getContext('2d');
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, 512, 512);
  const simplify = (r) => r.detections.map((d) => ({ score: d.categories[0].score, box: d.boundingBox }));
  return { image: [img.naturalWidth, img.naturalHeight], face: simplify(detector.detect(img)), blank: simplify(detector.detect(grey)) };
}

window.runCheck = async (modelAssetPath, wasm) => {
  const fileset = wasm === 'nosimd'
    ? { wasmLoaderPath: '/build/public/assets/wasm/vision_wasm_nosimd_internal.js',
        wasmBinaryPath: '/build/public/assets/wasm/vision_wasm_nosimd_internal.wasm' }
    : await FilesetResolver.forVisionTasks('/build/public/assets/wasm');
  const t0 = performance.now();
  let detector;
  try {
    detector = await FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath, delegate: 'CPU' },
      runningMode: 'IMAGE',
    });
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
  const createMs = Math.round(performance.now() - t0);
  try {
    return { createMs, wasmLoaderPath: fileset.wasmLoaderPath, ...(await detectAll(detector)) };
  } finally {
    detector.close();
  }
};
window.ready = true;
`;

const PAGE_HTML = `<!doctype html><meta charset="utf-8"><title>face model check</title>
<script type="module" src="/__check/page.js"></script>`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.tflite': 'application/octet-stream',
  '.map': 'application/json',
};

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let body: Uint8Array | string | undefined;
  if (path === '/__check/' || path === '/__check/index.html') body = PAGE_HTML;
  else if (path === '/__check/page.js') body = PAGE_JS;
  else if (virtualFiles[path]) body = virtualFiles[path];
  else {
    const file = normalize(join(REPO_ROOT, path));
    if (!file.startsWith(REPO_ROOT)) {
      res.writeHead(403).end();
      return;
    }
    try {
      body = readFileSync(file);
    } catch {
      body = undefined;
    }
  }
  if (body === undefined) {
    if (path !== '/favicon.ico') console.log(`[server] 404 ${path}`);
    res.writeHead(404).end('not found');
    return;
  }
  const type = path === '/__check/' ? TYPES['.html'] : (TYPES[extname(path)] ?? 'application/octet-stream');
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[page ${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(`${base}/__check/`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 30_000 });

  const runs: Array<[string, string, string]> = [
    ['short range + metadata (SIMD auto)', '/build/public/assets/blaze_face_short_range.tflite', 'auto'],
    ['short range + metadata (no SIMD)', '/build/public/assets/blaze_face_short_range.tflite', 'nosimd'],
    ['control: registry model, no metadata', '/__check/no-metadata.tflite', 'auto'],
    ['control: full range + metadata', '/__check/full-range.tflite', 'auto'],
  ];
  for (const [label, model, wasm] of runs) {
    const result = await page.evaluate(
      ([m, w]) => (window as unknown as { runCheck: (m: string, w: string) => Promise<unknown> }).runCheck(m, w),
      [model, wasm] as const,
    );
    console.log(`${label}:\n${JSON.stringify(result, null, 1)}`);
    if (label.startsWith('short range')) {
      const r = result as { face?: Array<{ score: number; box: { originX: number; originY: number; width: number; height: number } }>; blank?: unknown[] };
      const ok =
        r.face?.length === 1 &&
        r.face[0].score >= 0.8 &&
        r.face[0].box.originX >= 140 && r.face[0].box.originX + r.face[0].box.width <= 340 &&
        r.face[0].box.originY >= 20 && r.face[0].box.originY + r.face[0].box.height <= 260 &&
        r.blank?.length === 0;
      console.log(`  => ${ok ? 'PASS' : 'FAIL'}`);
      if (!ok) failed = true;
    }
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
