import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientAddress, rateLimitKey } from '../../src/proxy/http/client-address.js';

const withForwardedFor = (value: string | undefined) =>
  new Request('http://proxy.test/', { headers: value === undefined ? {} : { 'x-forwarded-for': value } });

describe('clientAddress', () => {
  it('is the peer address when no proxy is trusted, whatever the header says', () => {
    assert.equal(clientAddress(withForwardedFor('198.51.100.1'), '10.0.0.1', 0), '10.0.0.1');
  });

  it('is the X-Forwarded-For entry N hops from the right', () => {
    const request = withForwardedFor('forged, 198.51.100.1 , 10.0.0.9');
    assert.equal(clientAddress(request, '10.0.0.2', 1), '10.0.0.9');
    assert.equal(clientAddress(request, '10.0.0.2', 2), '198.51.100.1');
    assert.equal(clientAddress(request, '10.0.0.2', 3), 'forged');
  });

  it('falls back to the peer when the header is shorter than N, absent or has an empty entry there', () => {
    assert.equal(clientAddress(withForwardedFor('198.51.100.1'), '10.0.0.2', 2), '10.0.0.2');
    assert.equal(clientAddress(withForwardedFor(undefined), '10.0.0.2', 1), '10.0.0.2');
    assert.equal(clientAddress(withForwardedFor('198.51.100.1, '), '10.0.0.2', 1), '10.0.0.2');
  });

  it('reads several X-Forwarded-For headers as one list, in order', () => {
    const headers = new Headers();
    headers.append('x-forwarded-for', '203.0.113.1');
    headers.append('x-forwarded-for', '198.51.100.1');
    assert.equal(clientAddress(new Request('http://proxy.test/', { headers }), undefined, 1), '198.51.100.1');
  });
});

describe('rateLimitKey', () => {
  it('keeps IPv4 as is, without a port', () => {
    assert.equal(rateLimitKey('192.0.2.7'), '192.0.2.7');
    assert.equal(rateLimitKey(' 192.0.2.7:51234 '), '192.0.2.7');
  });

  it('counts IPv6 by its /64 prefix, in one spelling', () => {
    const key = '2001:db8:aa:bb::/64';
    for (const address of [
      '2001:db8:aa:bb::1',
      '2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff',
      '2001:DB8:AA:BB:1:2:3:4',
      '[2001:db8:aa:bb::5]:443',
      '2001:db8:aa:bb::1%eth0',
      '2001:db8:aa:bb:1:2:192.0.2.1',
    ]) {
      assert.equal(rateLimitKey(address), key, address);
    }
    assert.equal(rateLimitKey('2001:db8:aa:bc::1'), '2001:db8:aa:bc::/64');
    assert.equal(rateLimitKey('::1'), '0:0:0:0::/64');
    assert.equal(rateLimitKey('fe80::'), 'fe80:0:0:0::/64');
  });

  it('reads IPv4-mapped IPv6 as IPv4', () => {
    assert.equal(rateLimitKey('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(rateLimitKey('::ffff:c000:207'), '192.0.2.7');
    assert.equal(rateLimitKey('::ffff:198.51.100.255'), '198.51.100.255');
  });

  it('takes only well-formed IPv6 for an IPv6 address, keeping anything else as it is', () => {
    const notIpv6 = [
      '1:2:3:4:5:6:7:12345', // a group of five digits
      '2001:db8::1g', // not hex
      '1:2:3:4:5:6:7:zz',
      '1::2::3', // two "::"
      '1:2:3:4::5:6:7:8', // "::" standing for no group
      '1:2:3:4:5:6:7', // seven groups without "::"
      '::ffff:1.2.3.256', // an octet over 255
      '::ffff:a1.2.3.4',
      '::ffff:1.2.3.45x',
    ];
    for (const address of notIpv6) assert.equal(rateLimitKey(address), address, address);
    assert.equal(rateLimitKey('1:2:3:4:5:6::7'), '1:2:3:4::/64', '"::" standing for one group');
  });

  it('keeps anything else, cut to 64 characters, and shares "unknown" without an address', () => {
    assert.equal(rateLimitKey('unix-socket-peer'), 'unix-socket-peer');
    assert.equal(rateLimitKey('1:2:3:4:5:6:7:8:9'), '1:2:3:4:5:6:7:8:9', 'not IPv6: too many groups');
    assert.equal(rateLimitKey('x'.repeat(100)), 'x'.repeat(64));
    assert.equal(rateLimitKey(undefined), 'unknown');
    assert.equal(rateLimitKey(''), 'unknown');
    assert.equal(rateLimitKey('   '), 'unknown');
    assert.equal(rateLimitKey('[]:443'), 'unknown');
  });
});
