import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';

/** Name and stored bytes of the first local file header of a zip (the ODT `mimetype` rule). */
export function firstZipEntry(zip: Uint8Array): { name: string; method: number; content: string } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (view.getUint32(0, true) !== 0x04034b50) {
    throw new Error('not a zip file (no local file header at offset 0)');
  }
  const method = view.getUint16(8, true);
  const size = view.getUint32(18, true);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  const name = strFromU8(zip.subarray(30, 30 + nameLength));
  const start = 30 + nameLength + extraLength;
  return { name, method, content: strFromU8(zip.subarray(start, start + size)) };
}

export function zipText(zip: Uint8Array, entry: string): string {
  const files = unzipSync(zip, { filter: (f) => f.name === entry });
  const bytes = files[entry];
  if (!bytes) {
    throw new Error(`${entry} is not in the zip`);
  }
  return strFromU8(bytes);
}

interface IndicoExport {
  results: Array<{
    sessions: Array<{ code?: string; session?: { code?: string }; contributions: Array<{ code?: string }> }>;
    contributions: Array<{ code?: string }>;
  }>;
}

/** Every programme code of an Indico export: session blocks (or their session) and contributions. */
export function programmeCodes(path: string): string[] {
  const event = (JSON.parse(readFileSync(path, 'utf8')) as IndicoExport).results[0];
  const codes = new Set<string>();
  for (const block of event.sessions) {
    const code = block.code || block.session?.code;
    if (code) {
      codes.add(code);
    }
    for (const c of block.contributions) {
      if (c.code) {
        codes.add(c.code);
      }
    }
  }
  for (const c of event.contributions) {
    if (c.code) {
      codes.add(c.code);
    }
  }
  return [...codes];
}
