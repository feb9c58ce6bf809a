import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNormalRequestTarget, mentionsBasePath } from '../../src/proxy/http/request-target.js';

describe('isNormalRequestTarget', () => {
  it('accepts origin-form targets in normal form', () => {
    for (const target of [
      '/',
      '/api/liveness/antispoofing',
      '/api/liveness/robust?attempt=1',
      '/api/liveness/robust/',
      '/a/.b/c..d/%2e%2ex',
      '/a?x=../y&z=//w',
    ]) {
      assert.equal(isNormalRequestTarget(target), true, target);
    }
  });

  it('refuses every spelling that a URL parser would rewrite into another path', () => {
    const refused = [
      '/x/../api/liveness/antispoofing',
      '/api/liveness/x/..',
      '/api/./liveness',
      '/.',
      '/api/liveness/x/%2e%2e/antispoofing',
      '/api/liveness/x/%2E%2E/antispoofing',
      '/api/liveness/x/.%2e/antispoofing',
      '/api/liveness/x/%2e./antispoofing',
      '/api/%2e/liveness',
      '/api/liveness%2fantispoofing',
      '/api/liveness%2Fantispoofing',
      '/api/liveness%5cantispoofing',
      '/api/liveness\\antispoofing',
      '//host/api/liveness/antispoofing',
      '/api//liveness/antispoofing',
      'http://host/api/liveness/antispoofing',
      'https://host/api/liveness/antispoofing',
      'api/liveness/antispoofing',
      '*',
      '',
      '/api/liveness/anti spoofing',
      '/api/liveness/anti\tspoofing',
      '/api/liveness/antispoofing\n',
      '/api/liveness/antispoofing\x7f',
    ];
    for (const target of refused) assert.equal(isNormalRequestTarget(target), false, JSON.stringify(target));
  });
});

describe('mentionsBasePath', () => {
  it('finds the base path in loosely read targets', () => {
    for (const target of [
      '/x/../api/liveness/robust',
      '//host/api/liveness/robust',
      'http://h/api/liveness/robust',
      '/api/./liveness/robust',
      '/api%2fliveness',
      '/api\\liveness',
      '/api//liveness/',
      '/x/%2E%2E/api/liveness',
      '/api/../liveness/robust', // a dot segment between the base path's own segments
      '/api/%2e%2e/liveness/robust',
    ]) {
      assert.equal(mentionsBasePath(target, '/api/liveness'), true, target);
    }
    assert.equal(mentionsBasePath('/v1%2e2/liveness/robust', '/v1.2/liveness'), true, 'an encoded dot inside a segment');
  });

  it('does not find it in unrelated targets, nor in the query, nor as a prefix of another segment', () => {
    for (const target of ['/static/../index.html', '/api/livenessx/robust', '/x?next=/api/liveness/robust', '/api/other//x']) {
      assert.equal(mentionsBasePath(target, '/api/liveness'), false, target);
    }
  });
});
