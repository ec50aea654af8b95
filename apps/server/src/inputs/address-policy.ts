import ipaddr from 'ipaddr.js';

/**
 * IPv6 ranges that carry an IPv4 address inside them: the address is allowed only when the
 * IPv4 address it stands for is public (a NAT64 or 6to4 gateway would forward to it).
 * Teredo is refused outright: the embedded server address is not the one a tunnel reaches.
 */
const EMBEDDING: ReadonlySet<string> = new Set(['ipv4Mapped', 'rfc6052', 'rfc6145', '6to4']);

/**
 * True when `address` (an IP literal) is a public unicast address: anything ipaddr.js classifies
 * otherwise (loopback, private, link-local and cloud metadata, CGNAT, unique-local, multicast,
 * broadcast, benchmarking, documentation, reserved, Teredo…) is not, and neither is an IPv6 form
 * of a non-public IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, the
 * IPv4-translated `::ffff:0:a.b.c.d`, 6to4 `2002:AABB:CCDD::/48`). Not an IP literal: false.
 * ipaddr.js keeps the IANA special-purpose registries current; a hand-kept list had drifted.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) {
    return false;
  }
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    const range = v6.range();
    if (!EMBEDDING.has(range) || (range === 'rfc6052' && v6.parts[2] !== 0)) {
      // (64:ff9b:1::/48 is the local-use NAT64 prefix of RFC 8215: never a public route.)
      return range === 'unicast';
    }
    ip = embeddedIPv4(v6, range);
  }
  return ip.range() === 'unicast';
}

function embeddedIPv4(v6: ipaddr.IPv6, range: string): ipaddr.IPv4 {
  const p = v6.parts; // eight 16-bit groups
  // 6to4: 2002:AABB:CCDD::/48 embeds AA.BB.CC.DD in groups 1-2; the others in the last 32 bits.
  const [hi, lo] = range === '6to4' ? [p[1], p[2]] : [p[6], p[7]];
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}
