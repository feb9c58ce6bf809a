// The three browser engines the browser suites run in, all Debian packages driven offline:
//   chromium — Debian's Chromium through Playwright; its fake camera plays a feed file (see chromium.mjs);
//   firefox  — Debian's firefox-esr through WebDriver BiDi (puppeteer-core); its fake camera is a solid green frame;
//   webkit   — WebKitGTK's MiniBrowser (the engine family of Safari) through WebKitWebDriver (classic WebDriver),
//              under Xvfb because MiniBrowser has no headless mode; its mock camera is a grey test pattern.
// TEST_ENGINES=chromium,firefox,webkit (any subset) narrows a local run.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteerCore from 'puppeteer-core';
import { CHROMIUM_PATH, chromiumArgs } from './chromium.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines this run covers: TEST_ENGINES, else all three. */
export function selectedEngines(value = process.env.TEST_ENGINES) {
  const engines = value
    ? value
        .split(',')
        .map((engine) => engine.trim())
        .filter(Boolean)
    : ENGINES;
  const unknown = engines.filter((engine) => !ENGINES.includes(engine));
  if (unknown.length) throw new Error(`Unknown TEST_ENGINES entry: ${unknown.join(', ')} (known: ${ENGINES.join(', ')})`);
  return engines;
}

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** A Chromium whose fake camera plays `feed`; `grantCamera: false` leaves the prompt to deny. */
export function chromium(options) {
  return playwrightLauncher({
    product: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(options) },
  });
}

/**
 * Firefox with its fake camera; `grantCamera: false` blocks the camera as a user's "Block" would, `webgl: false`
 * turns WebGL off as hardened profiles (and blocklisted GPUs) do. It runs headful: headless Firefox has no WebGL
 * here, so it needs a (virtual) display.
 */
export function firefox({ grantCamera = true, webgl = true } = {}) {
  const launcher = chromeLauncher({
    puppeteer: puppeteerCore,
    launchOptions: {
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: false,
      extraPrefsFirefox: {
        'media.navigator.streams.fake': true,
        'webgl.disabled': !webgl,
        'media.navigator.permission.disabled': grantCamera,
        // 2 = block: getUserMedia rejects with NotAllowedError instead of waiting on a prompt nobody answers.
        ...(grantCamera ? {} : { 'permissions.default.camera': 2 }),
        // Closed network: no update checks, telemetry or remote settings.
        'app.update.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false,
        'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false,
      },
    },
  });
  // Checked when a Firefox group actually runs, so `--group <a Chromium group>` needs no display.
  return beforeInitialize(launcher, () => {
    if (!process.env.DISPLAY) throw new Error('Firefox needs a display for WebGL: run through `npm test`, or `xvfb-run -a npx wtr …`');
  });
}

/** Runs `prepare` before the launcher's own initialize (called only for browsers of the groups that run). */
function beforeInitialize(launcher, prepare) {
  const initialize = launcher.initialize?.bind(launcher);
  launcher.initialize = async (...args) => {
    await prepare();
    return initialize?.(...args);
  };
  return launcher;
}

/**
 * WebKitGTK's MiniBrowser with its mock camera, through the WebKitWebDriver at `port` (scripts/run-tests.ts starts
 * one); without a port, a driver is started when a WebKit group runs and stopped when this process exits.
 */
export function webkit({ port } = {}) {
  const launcher = webdriverLauncher({
    hostname: '127.0.0.1',
    port: port ?? 0,
    path: '/',
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      // WebKitWebDriver speaks classic WebDriver only; webdriverio 9 would otherwise ask for BiDi.
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': {
        binary: MINIBROWSER_PATH,
        args: ['--automation', '--enable-mock-capture-devices=true', '--autoplay-policy=allow'],
      },
    },
  });
  return beforeInitialize(launcher, async () => {
    if (!launcher.options.port) launcher.options.port = (await startWebKitDriver({ stopOnExit: true })).port;
  });
}

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts WebKitWebDriver under `xvfb-run` (MiniBrowser needs a display) on a free port and waits for its /status.
 * `stop()` ends the driver's whole process group (xvfb-run, Xvfb, the driver and its browsers) by its PID;
 * `stopOnExit` does so when this process exits.
 */
export async function startWebKitDriver({ timeoutMs = 30_000, stopOnExit = false } = {}) {
  const port = await freePort();
  const child = spawn('xvfb-run', ['--auto-servernum', '--server-args=-screen 0 1280x1024x24', WEBKIT_DRIVER_PATH, `--port=${port}`], {
    detached: true,
    // MiniBrowser's GLib and D-Bus warnings would bury the test output.
    stdio: 'ignore',
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const status = await (await fetch(`http://127.0.0.1:${port}/status`)).json();
      if (status.value?.ready !== false) {
        if (stopOnExit) process.once('exit', stop);
        return { port, pid: child.pid, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stop();
  throw new Error(
    exited
      ? 'WebKitWebDriver exited at start (is webkit2gtk-driver installed?)'
      : `WebKitWebDriver did not answer /status within ${timeoutMs} ms`,
  );
}
