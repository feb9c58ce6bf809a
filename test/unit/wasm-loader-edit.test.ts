import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { routeLoaderWarnings } from '../../scripts/build-face-model.js';

describe('routeLoaderWarnings', () => {
  const loader = readFileSync(new URL('../../node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_internal.js', import.meta.url), 'utf8');

  it("sends the loader's glog warnings to Module.printErr instead of console.warn, changing nothing else", () => {
    const [header, ...edited] = routeLoaderWarnings(loader).split('\n');
    const original = loader.split('\n');
    assert.match(header, /^\/\/ Edited by liveness-check/);
    assert.equal(edited.length, original.length);
    const changed = original.flatMap((line, index) => (line === edited[index] ? [] : [[line.trim(), edited[index].trim()]]));
    assert.deepEqual(changed, [['custom_dbg(UTF8ToString(str, len));', 'err(UTF8ToString(str, len));']]);
  });

  it('fails loudly when tasks-vision no longer has exactly that one call', () => {
    assert.throws(() => routeLoaderWarnings('function f() {}'), /expected exactly one custom_dbg call/);
    const twice = `${loader}\ncustom_dbg(UTF8ToString(str, len));`;
    assert.throws(() => routeLoaderWarnings(twice), /expected exactly one/);
  });
});
