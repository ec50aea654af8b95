import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './address-policy.js';

describe(isPublicAddress.name, () => {
  it.each([
    // IPv4 special-purpose ranges
    '0.0.0.0', '10.1.2.3', '100.64.0.1', '127.0.0.1', '169.254.169.254', '172.20.0.1', '192.0.0.8', '192.0.2.1',
    '192.168.1.1', '198.18.0.1', '198.51.100.7', '203.0.113.9', '224.0.0.1', '240.0.0.1', '255.255.255.255',
    // IPv6 special-purpose ranges
    '::', '::1', 'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1', 'fec0::1', '2001:db8::1', '3fff::1', '100::1',
    '2001::1', // Teredo
    '64:ff9b:1::a00:1', // local-use NAT64 (RFC 8215)
    // IPv6 forms of private IPv4 addresses
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
    '::ffff:0:127.0.0.1', // IPv4-translated (RFC 6145)
    '64:ff9b::7f00:1', '64:ff9b::10.0.0.1', '64:ff9b::a9fe:a9fe', // NAT64 (RFC 6052)
    '2002:7f00:1::1', '2002:a00:1::', '2002:c0a8:101::1', // 6to4 (RFC 3056)
    // not IP literals
    'not-an-ip', '', 'localhost',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8', '1.1.1.1', '188.184.21.108', '2001:4860:4860::8888', '2a00:1450:4002:402::200e',
    '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1',
  ])('accepts the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});
