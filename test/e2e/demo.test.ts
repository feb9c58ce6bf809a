// The demo page end to end in Chromium with the fake camera: the element, the event log, the capture panel,
// the snippet, and the KYC form whose submit the demo server accepts only with a proxy-signed live verdict.
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright';
import { startDemoServer, type DemoServer } from '../../demo/server.ts';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium.mjs';

const ARTIFACTS = new URL('../../test-results/', import.meta.url).pathname;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('demo page', { timeout: 180_000 }, () => {
  let server: DemoServer;
  let browser: Browser;

  before(async () => {
    server = await startDemoServer({ port: 0, log: () => {} });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs({ feed: 'centred' }) });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openDemo(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.goto(server.url);
    await page.locator('#sandbox-banner').waitFor({ state: 'visible' });
    return page;
  }

  for (const [name, viewport] of [
    ['phone', { width: 375, height: 667 }],
    ['desktop', { width: 1280, height: 800 }],
  ] as const) {
    it(`runs the whole flow on a ${name} viewport`, async () => {
      const page = await openDemo(viewport);
      try {
        // The form cannot be submitted before the check.
        await page.locator('button[type="submit"]').click();
        await page.locator('#form-result[data-outcome="invalid"]').waitFor();
        assert.match((await page.locator('#form-result').textContent()) ?? '', /Complete the face check/);

        await page.locator('liveness-check').getByRole('button', { name: 'Start face check' }).click();
        await page.locator('#event-log li[data-type="liveness-confirmed"]').waitFor({ timeout: 90_000 });
        const log = await page.locator('#event-log li').allTextContents();
        assert.ok(log.some((line) => line.includes('liveness-state') && line.includes('"state":"holding"')));
        assert.ok(log.some((line) => line.includes('liveness-capture')));
        const confirmed = log.find((line) => line.includes('liveness-confirmed'))!;
        assert.match(confirmed, /"score":0\.97/);
        assert.match(confirmed, /"mode":"sandbox"/);
        const token = /"verdict":"([\w-]+\.[\w-]+\.[\w-]+)"/.exec(confirmed)?.[1];
        assert.ok(token, 'the event carries the signed token');
        assert.deepEqual((({ live, mode, endpoint }) => ({ live, mode, endpoint }))(decodeJwt(token)), {
          live: true,
          mode: 'sandbox',
          endpoint: 'antispoofing',
        });

        assert.equal(await page.locator('#capture').isVisible(), true);
        assert.match((await page.locator('#capture-dimensions').textContent()) ?? '', /^1280 × 720$/);
        assert.match((await page.locator('#capture-size').textContent()) ?? '', /KB/);
        assert.match((await page.locator('#timing-round-trip').textContent()) ?? '', /^\d+ ms$/);
        assert.match(
          (await page.locator('#snippet').textContent()) ?? '',
          /<liveness-check name="liveness" image-name="selfie" required proxy-url="\/api\/liveness">/,
        );
        assert.equal((await page.locator('liveness-check .outcome').textContent())?.trim(), 'Sandbox — no liveness model ran');
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');
        await page.screenshot({ path: `${ARTIFACTS}demo-${name}.png`, fullPage: true });

        await page.locator('button[type="submit"]').click();
        await page.locator('#form-result[data-outcome="accepted"]').waitFor();
        assert.match(
          (await page.locator('#form-result').textContent()) ?? '',
          /Server verified the signed verdict: live, score 0\.97 \(sandbox: no liveness model ran\)/,
        );
        assert.deepEqual(
          await page
            .locator('#form-checks li')
            .evaluateAll((items) => items.map((item) => `${(item as HTMLElement).dataset.check}:${(item as HTMLElement).dataset.status}`)),
          ['signature:passed', 'fresh:passed', 'mode:passed', 'subject:passed', 'selfie:passed', 'replay:passed'],
        );

        // The same verdict cannot be replayed.
        await page.locator('button[type="submit"]').click();
        await page.locator('#form-result[data-outcome="rejected"]').waitFor();
        assert.match((await page.locator('#form-result').textContent()) ?? '', /verdict replayed/);
      } finally {
        await page.close();
      }
    });
  }

  // The instruction sits over the top of the preview and the element is never taller than the viewport: on a laptop
  // the hint is in view where the page puts the element, and once the element is scrolled to, so is the whole oval.
  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1280, height: 720 },
    { width: 375, height: 812 },
    { width: 812, height: 375 },
  ]) {
    it(`keeps the instruction and the oval in view at ${viewport.width}×${viewport.height}`, async () => {
      const page = await openDemo(viewport);
      try {
        const check = page.locator('liveness-check');
        await check.getByRole('button', { name: 'Start face check' }).click();
        const hint = check.locator('[part="hint"]');
        await page.waitForFunction(
          () => document.querySelector('liveness-check')!.shadowRoot!.querySelector('[part="hint"]')!.textContent.trim() !== '',
        );
        // No named functions inside evaluate: tsx would wrap them in a helper the page does not have.
        const inView = async () =>
          check.evaluate((element) => {
            const [hint, stage] = ['[part="hint"]', '.stage'].map((selector) =>
              element.shadowRoot!.querySelector(selector)!.getBoundingClientRect(),
            );
            const [hintIn, stageIn] = [hint, stage].map(
              (box) => box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
            );
            const overPreview = hint.top >= stage.top && hint.bottom <= stage.top + stage.height / 4;
            return { hint: hintIn, stage: stageIn, overPreview, hintBox: [hint.top, hint.bottom], stageBox: [stage.top, stage.bottom] };
          });
        if (viewport.width > viewport.height && viewport.height >= 720) {
          const asLoaded = await inView();
          assert.ok(asLoaded.hint, `the hint is in view without scrolling: ${JSON.stringify(asLoaded)}`);
        }
        await check.evaluate((element) => element.scrollIntoView({ block: 'start' }));
        const scrolled = await inView();
        assert.ok(
          scrolled.hint && scrolled.stage && scrolled.overPreview,
          `hint over the preview's top, both in view: ${JSON.stringify(scrolled)}`,
        );
        assert.notEqual((await hint.textContent())?.trim(), '');
      } finally {
        await page.close();
      }
    });
  }

  // axe's contrast rule on every screen, in both of the demo's themes (the dark one sets its own colours).
  for (const theme of ['light', 'dark']) {
    it(`keeps text contrast at 4.5:1 or more on every screen in the ${theme} theme`, async () => {
      const page = await openDemo({ width: 375, height: 812 });
      try {
        await page.locator('#theme').selectOption(theme);
        await page.addScriptTag({ path: AXE });
        const check = page.locator('liveness-check');
        const contrastViolations = async (screen: string) => {
          const found = await page.evaluate(async () => {
            const result = await (window as unknown as { axe: typeof import('axe-core') }).axe.run('liveness-check', {
              runOnly: ['color-contrast'],
            });
            return result.violations.flatMap((violation) => violation.nodes.map((node) => node.failureSummary ?? ''));
          });
          return found.map((summary) => `${screen}: ${summary}`);
        };
        type Settable = HTMLElement & { consentRequired: boolean; privacyUrl: string; holdMs: number | undefined };
        await check.evaluate((element) => Object.assign(element as Settable, { consentRequired: true, privacyUrl: '/privacy' }));
        const violations = [...(await contrastViolations('start with consent'))];
        await check.evaluate((element) => Object.assign(element as Settable, { consentRequired: false, holdMs: 600_000 }));
        await check.getByRole('button', { name: 'Start face check' }).click();
        await check.getByRole('button', { name: 'Cancel' }).waitFor();
        violations.push(...(await contrastViolations('camera on')));
        await check.getByRole('button', { name: 'Cancel' }).click();
        await check.evaluate((element) => Object.assign(element as Settable, { holdMs: undefined }));
        await check.getByRole('button', { name: 'Start face check' }).click();
        await page.locator('#event-log li[data-type="liveness-confirmed"]').waitFor({ timeout: 90_000 });
        // The check mark is drawn in over half a second.
        await page.waitForTimeout(700);
        violations.push(...(await contrastViolations('confirmed')));
        await page.locator('#sandbox-outcome').selectOption('spoof');
        await check.evaluate((element) => (element as HTMLElement & { start(): Promise<void> }).start());
        await page.locator('#event-log li[data-type="liveness-failed"]').waitFor({ timeout: 90_000 });
        violations.push(...(await contrastViolations('failed')));
        assert.deepEqual(violations, []);
      } finally {
        await page.close();
      }
    });
  }

  it('shows the check in Arabic, right to left, when the page language is Arabic (screenshot)', async () => {
    const page = await openDemo({ width: 375, height: 667 });
    try {
      await page.locator('#language').selectOption('ar');
      const check = page.locator('liveness-check');
      await check.getByRole('button', { name: 'بدء فحص الوجه' }).click();
      await page.locator('#event-log li[data-type="liveness-confirmed"]').waitFor({ timeout: 90_000 });
      // Where each part sits right to left is checked in three engines (test/browser/languages.test.ts); here, the
      // whole page in Arabic, for the eye (test-results/demo-phone-ar.png).
      const outcome = await check.evaluate((element) => {
        const shown = element.shadowRoot!.querySelector('.outcome')!;
        return { dir: element.getAttribute('dir') ?? getComputedStyle(shown).direction, text: shown.textContent?.trim() ?? '' };
      });
      assert.equal(outcome.dir, 'rtl');
      assert.match(outcome.text, /^[^A-Za-z]*[\u0600-\u06FF]/, `the outcome is in Arabic: ${outcome.text}`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');
      await page.screenshot({ path: `${ARTIFACTS}demo-phone-ar.png`, fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("rejects the verdict with a swapped selfie or from another applicant's session, then accepts the real submit", async () => {
    const page = await openDemo({ width: 1280, height: 800 });
    try {
      await page.locator('liveness-check').getByRole('button', { name: 'Start face check' }).click();
      await page.locator('#event-log li[data-type="liveness-confirmed"]').waitFor({ timeout: 90_000 });
      const submit = (change: 'swap-selfie' | 'none') =>
        page.evaluate(async (change) => {
          const form = document.querySelector<HTMLFormElement>('#kyc-form')!;
          const data = new FormData(form);
          // Another person's photo: still a JPEG, just not the image the verdict judged.
          if (change === 'swap-selfie') {
            data.set(
              'selfie',
              new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])], 'selfie.jpg', { type: 'image/jpeg' }),
            );
          }
          const response = await fetch(form.action, { method: 'POST', body: data });
          return { status: response.status, body: await response.json() };
        }, change);

      const swapped = await submit('swap-selfie');
      assert.equal(swapped.status, 422);
      assert.equal(swapped.body.reason, 'verdict image-mismatch');
      assert.deepEqual(
        swapped.body.checks.map((check: { status: string }) => check.status),
        ['passed', 'passed', 'passed', 'passed', 'failed', 'not-checked'],
      );

      // The same form, verdict and selfie, submitted from another session (another applicant).
      const entries = await page.evaluate(async () => {
        const data = new FormData(document.querySelector<HTMLFormElement>('#kyc-form')!);
        const selfie = data.get('selfie') as File;
        return { liveness: data.get('liveness') as string, selfie: Array.from(new Uint8Array(await selfie.arrayBuffer())) };
      });
      const foreign = new FormData();
      foreign.set('liveness', entries.liveness);
      foreign.set('selfie', new File([new Uint8Array(entries.selfie)], 'selfie.jpg', { type: 'image/jpeg' }));
      for (const cookie of ['demo_session=AAAAAAAAAAAAAAAAAAAAAA', '']) {
        const response = await fetch(new URL('/demo/submit', server.url), { method: 'POST', body: foreign, headers: { cookie } });
        assert.equal(response.status, 422);
        assert.equal((await response.json()).reason, 'verdict subject-mismatch', `cookie "${cookie}"`);
      }

      const genuine = await submit('none');
      assert.equal(genuine.status, 200, JSON.stringify(genuine.body));
      assert.equal(genuine.body.accepted, true);
    } finally {
      await page.close();
    }
  });

  it('reports a spoof from the sandbox and keeps the form closed', async () => {
    const page = await openDemo({ width: 1280, height: 800 });
    try {
      await page.locator('#sandbox-outcome').selectOption('spoof');
      await page.locator('#endpoint').selectOption('robust');
      assert.match((await page.locator('#threshold-default').textContent()) ?? '', /robust: 0\.50/);
      assert.match((await page.locator('#snippet').textContent()) ?? '', /endpoint="robust"/);
      await page.locator('liveness-check').getByRole('button', { name: 'Start face check' }).click();
      await page.locator('#event-log li[data-type="liveness-failed"]').waitFor({ timeout: 90_000 });
      assert.match((await page.locator('#event-log li[data-type="liveness-failed"]').textContent()) ?? '', /"endpoint":"robust"/);
      await page.locator('button[type="submit"]').click();
      await page.locator('#form-result[data-outcome="invalid"]').waitFor();
    } finally {
      await page.close();
    }
  });
});
