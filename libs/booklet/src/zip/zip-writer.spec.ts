import * as zlib from 'node:zlib';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipEntries } from './zip-writer.js';

/** Byte equality (vitest's deep equality is slow on a megabyte). */
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

interface CentralEntry { name: string; flags: number; method: number; crc: number; compressed: number; size: number; offset: number }

/** Reads the central directory (and checks each local header against it). */
function centralDirectory(zip: Uint8Array): CentralEntry[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(v.getUint32(end, true)).toBe(0x06054b50);
  const count = v.getUint16(end + 10, true);
  let at = v.getUint32(end + 16, true);
  const out: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = v.getUint16(at + 28, true);
    const extra = v.getUint16(at + 30, true);
    const comment = v.getUint16(at + 32, true);
    const entry = {
      name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)),
      flags: v.getUint16(at + 8, true),
      method: v.getUint16(at + 10, true),
      crc: v.getUint32(at + 16, true),
      compressed: v.getUint32(at + 20, true),
      size: v.getUint32(at + 24, true),
      offset: v.getUint32(at + 42, true),
    };
    const local = entry.offset;
    expect(v.getUint32(local, true)).toBe(0x04034b50);
    expect(v.getUint16(local + 6, true)).toBe(entry.flags);
    expect(v.getUint32(local + 14, true)).toBe(entry.crc);
    expect(v.getUint32(local + 18, true)).toBe(entry.compressed);
    expect(v.getUint32(local + 22, true)).toBe(entry.size);
    expect(v.getUint16(local + 28, true)).toBe(0);
    out.push(entry);
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

describe(zipEntries.name, () => {
  const big = strToU8('<text:p>Some booklet text &amp; more. </text:p>'.repeat(20_000));
  const entries = [
    { name: 'mimetype', data: strToU8('application/vnd.oasis.opendocument.text'), store: true },
    { name: 'content.xml', data: big },
    { name: 'Pictures/ünï.png', data: new Uint8Array([137, 80, 78, 71, 0, 1, 2]), store: true },
    { name: 'empty.xml', data: new Uint8Array() },
  ];

  it('writes a zip with sizes and CRCs in every local header and no data descriptors', () => {
    const sut = zipEntries(entries, 1);
    const cd = centralDirectory(sut);
    expect(cd.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    const files = unzipSync(sut);
    for (const [i, e] of cd.entries()) {
      const data = files[e.name] as Uint8Array;
      expect(same(data, entries[i]?.data as Uint8Array), e.name).toBe(true);
      expect(e.crc).toBe(zlib.crc32(data) >>> 0);
      expect(e.size).toBe(data.length);
      expect(e.flags & 8).toBe(0);
    }
    expect(cd[0]).toMatchObject({ name: 'mimetype', method: 0, flags: 0, offset: 0 });
    expect(cd[1]?.method).toBe(8);
    expect(cd[1]?.compressed).toBeLessThan(big.length / 10);
    expect(cd[2]?.flags).toBe(0x800); // UTF-8 name
  });
});
