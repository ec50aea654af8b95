// Zips the output parts: fflate writes the archive; large parts are deflated by Node's native zlib
// (about 5× faster than fflate's JavaScript deflate on a 12 MB document.xml) and handed to fflate
// as already-compressed entries through its documented ZipInputFile interface.
import * as zlib from 'node:zlib';
import { Zip, ZipDeflate, type ZipInputFile } from 'fflate';

/** zlib level for large parts: 4 is ~5× faster than 6 here for ~15 % more bytes. */
const LEVEL = 4;
/** Parts smaller than this go through fflate's own deflate (not worth a native call). */
const NATIVE_FROM = 64 * 1024;

/** An entry whose deflated bytes are already computed (method 8), for fflate's Zip. */
function predeflated(filename: string, data: Uint8Array): ZipInputFile {
  const compressed = zlib.deflateRawSync(data, { level: LEVEL });
  const file: ZipInputFile & { start(): void } = {
    filename,
    size: data.length,
    crc: zlib.crc32(data),
    compression: 8,
    mtime: Date.now(),
    start() {
      file.ondata!(null, compressed, true);
    },
  };
  return file;
}

/** A zip archive of `parts`, in the order given. */
export function zipParts(parts: ReadonlyArray<readonly [string, Uint8Array]>): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) {
      failure = error;
    } else {
      chunks.push(chunk);
    }
  });
  for (const [name, data] of parts) {
    // zlib.crc32 exists from Node 20.15; without it fflate deflates everything.
    if (data.length >= NATIVE_FROM && typeof zlib.crc32 === 'function') {
      const file = predeflated(name, data) as ZipInputFile & { start(): void };
      zip.add(file);
      file.start();
    } else {
      const file = new ZipDeflate(name, { level: 6 });
      zip.add(file);
      file.push(data, true);
    }
  }
  zip.end();
  const err = failure as Error | null; // set in the callback, which TypeScript does not follow
  if (err) {
    throw err;
  }
  let length = 0;
  for (const c of chunks) {
    length += c.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
