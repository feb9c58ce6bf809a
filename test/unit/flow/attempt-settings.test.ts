import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LivenessError } from '../../../src/errors.js';
import { readAttemptSettings, type AttemptSettingsInput } from '../../../src/flow/attempt-settings.js';

const VALID: AttemptSettingsInput = {
  proxyUrl: '/api/liveness',
  endpoint: 'antispoofing',
  threshold: 0.55,
  timeoutMs: 15_000,
  maxImageSize: 1280,
  maxBytes: 500_000,
  holdMs: undefined,
  gateThresholds: {},
  assistAfterMs: 8000,
  searchTimeoutMs: 60_000,
  allowManualCapture: false,
  assetsUrl: '',
  camera: '',
  rejectVirtualCamera: false,
  stream: undefined,
  fetchInit: undefined,
};

function errorOf(input: Partial<AttemptSettingsInput>): LivenessError {
  try {
    readAttemptSettings({ ...VALID, ...input }, 'https://shop.example/checkout');
  } catch (error) {
    assert.ok(error instanceof LivenessError);
    return error;
  }
  assert.fail('no error');
}

describe('readAttemptSettings', () => {
  it('refuses each unusable setting as a config error, naming it, before anything else', () => {
    const cases: Array<[Partial<AttemptSettingsInput>, RegExp]> = [
      [{ proxyUrl: '' }, /proxy-url attribute is required/],
      [{ proxyUrl: 'ftp://example.com/x' }, /proxy-url is not a usable URL/],
      [{ endpoint: 'fast' as never }, /endpoint must be antispoofing or robust, got "fast"/],
      [{ threshold: 1.5 }, /threshold must be a number in \[0, 1\]/],
      [{ threshold: Number.NaN }, /threshold/],
      [{ timeoutMs: 0 }, /timeout-ms must be a positive number/],
      [{ maxImageSize: -1 }, /max-image-size/],
      [{ maxBytes: Number.POSITIVE_INFINITY }, /max-bytes/],
      [{ gateThresholds: { minLuma: 'dark' as never } }, /minLuma/],
      [{ holdMs: Number.NaN }, /holdMs/],
      [{ assistAfterMs: Number.NaN }, /assist-after-ms must be a positive number/],
      [{ searchTimeoutMs: 0 }, /search-timeout-ms must be a positive number/],
      [{ searchTimeoutMs: Number.POSITIVE_INFINITY }, /search-timeout-ms/],
    ];
    for (const [input, message] of cases) {
      const error = errorOf(input);
      assert.equal(error.code, 'config', JSON.stringify(input));
      assert.equal(error.recoverable, false);
      assert.match(error.message, message);
    }
  });

  it('keeps the cause of a config error it caught', () => {
    assert.ok(errorOf({ proxyUrl: 'ftp://example.com/x' }).cause instanceof TypeError);
  });

  it('checks the browser last: with every setting fine, Node has no camera and no WebGL', () => {
    assert.equal(errorOf({}).code, 'insecure-context');
    const withPageStream = errorOf({ stream: {} as MediaStream });
    assert.equal(withPageStream.code, 'unsupported-browser', 'a page stream needs no secure context, but WebGL still');
    assert.match(withPageStream.message, /webgl/);
  });
});
