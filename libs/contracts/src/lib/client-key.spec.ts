import { clientKey } from './client-key';

describe('clientKey: what per-client limits count', () => {
  it.each<[string, number, string]>([
    ['203.0.113.9', 64, '203.0.113.9'],
    ['::ffff:203.0.113.9', 64, '203.0.113.9'],
    ['2001:db8::1', 64, '2001:db8:0:0:0:0:0:0/64'],
    ['2001:db8:0:0:ffff:ffff:ffff:ffff', 64, '2001:db8:0:0:0:0:0:0/64'],
    ['2001:DB8:0000:0000::0001', 64, '2001:db8:0:0:0:0:0:0/64'],
    ['2001:db8:0:1::1', 64, '2001:db8:0:1:0:0:0:0/64'],
    ['2001:db8:aaaa:bbbb:cccc::1', 48, '2001:db8:aaaa:0:0:0:0:0/48'],
    ['2001:db8:aaaa:bbbb:cccc::1', 56, '2001:db8:aaaa:bb00:0:0:0:0/56'],
    ['2001:db8:aaaa:bbbb:cccc::1', 60, '2001:db8:aaaa:bbb0:0:0:0:0/60'],
    ['2001:db8::1', 128, '2001:db8:0:0:0:0:0:1/128'],
    ['::1', 64, '0:0:0:0:0:0:0:0/64'],
    ['fe80::1%eth0', 64, 'fe80:0:0:0:0:0:0:0/64'],
    ['64:ff9b::203.0.113.9', 96, '64:ff9b:0:0:0:0:0:0/96'],
    ['64:ff9b::203.0.113.9', 128, '64:ff9b:0:0:0:0:cb00:7109/128'],
    ['not-an-address:x', 64, 'not-an-address:x'],
  ])('%s (/%i) -> %s', (address, bits, key) => {
    expect(clientKey(address, bits)).toBe(key);
  });
});
