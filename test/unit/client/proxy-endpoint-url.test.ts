import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proxyEndpointUrl } from '../../../src/client/proxy-endpoint-url.js';

const PAGE = 'https://shop.example/checkout/step?id=7#top';

describe('proxyEndpointUrl', () => {
  const cases: [proxyUrl: string, expected: string][] = [
    ['/api/liveness', 'https://shop.example/api/liveness/antispoofing'],
    ['/api/liveness/', 'https://shop.example/api/liveness/antispoofing'],
    ['https://x.example/api//', 'https://x.example/api/antispoofing'],
    ['https://x.example', 'https://x.example/antispoofing'],
    ['liveness', 'https://shop.example/checkout/liveness/antispoofing'],
    ['../proxy/', 'https://shop.example/proxy/antispoofing'],
    ['//cdn.example/p/', 'https://cdn.example/p/antispoofing'],
    ['/api/liveness/?tenant=a&x=1', 'https://shop.example/api/liveness/antispoofing?tenant=a&x=1'],
    ['/api/liveness#frag', 'https://shop.example/api/liveness/antispoofing'],
  ];
  for (const [proxyUrl, expected] of cases) {
    it(`joins ${JSON.stringify(proxyUrl)} with the endpoint`, () => {
      assert.equal(proxyEndpointUrl(proxyUrl, 'antispoofing', PAGE), expected);
    });
  }

  it('puts each endpoint name in the path', () => {
    assert.equal(proxyEndpointUrl('/api/liveness', 'robust', PAGE), 'https://shop.example/api/liveness/robust');
  });

  it('refuses an empty proxy URL rather than posting to the page itself', () => {
    assert.throws(() => proxyEndpointUrl('  ', 'robust', PAGE), TypeError);
  });

  it('refuses a URL that is not http(s)', () => {
    assert.throws(() => proxyEndpointUrl('javascript:alert(1)', 'robust', PAGE), TypeError);
  });
});
