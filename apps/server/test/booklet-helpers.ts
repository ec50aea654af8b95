// Helpers of the booklet task's server tests (booklet.spec.ts, booklet-templates.spec.ts).
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { expect } from 'vitest';
import { buildModel, validateEvent, writeOdt } from '@jpsp/booklet';
import type { Ack, FieldError, TaskSnapshot } from '@jpsp/contracts';

const FIXTURE = fileURLToPath(new URL('../../../libs/booklet/test/fixtures/jacow-fel2022-event-44-detail-sessions.json', import.meta.url));

export type Json = Record<string, unknown>;

/** Name, compression method and data of the first local entry of a ZIP file. */
export function firstZipEntry(bytes: Buffer): { name: string; method: number; data: string } {
  expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
  const method = bytes.readUInt16LE(8);
  const size = bytes.readUInt32LE(18);
  const nameLength = bytes.readUInt16LE(26);
  const extraLength = bytes.readUInt16LE(28);
  const name = bytes.subarray(30, 30 + nameLength).toString('utf8');
  const start = 30 + nameLength + extraLength;
  return { name, method, data: bytes.subarray(start, start + size).toString('utf8') };
}

/**
 * Phases in order of first appearance, without the final `done`: the last progress can reach the
 * server after the outcome (then the snapshot is already `completed` and the progress is dropped).
 */
export function withoutDone(phases: string[]): string[] {
  const unique = [...new Set(phases)];
  if (unique.includes('done')) {
    expect(unique.at(-1)).toBe('done');
  }
  return unique.filter((p) => p !== 'done');
}

export async function download(url: string): Promise<{ res: Response; body: Buffer }> {
  const res = await fetch(url);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

export function fieldErrors(ack: Ack<TaskSnapshot>): FieldError[] {
  expect(ack.ok).toBe(false);
  if (ack.ok) {
    return [];
  }
  expect(ack.error.code).toBe('VALIDATION_FAILED');
  return (ack.error.details ?? []) as FieldError[];
}

/** A local HTTP server that serves one file and records the request headers it got. */
export async function fileServer(bytes: Uint8Array): Promise<{ url: string; requests: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.byteLength });
    res.end(Buffer.from(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/templates/styles.ott?token=secret-query`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An .ott made from a booklet ODT with a marker font in its styles (the "organiser's" template). */
export function markerTemplate(event: Json): Uint8Array {
  const styles = strFromU8(unzipSync(writeOdt(buildModel(validateEvent(event).event!).model))['styles.xml']);
  expect(styles).toMatch(/style:font-name="[^"]+"/);
  return zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text-template'), { level: 0 }],
    'styles.xml': strToU8(styles.replace(/style:font-name="[^"]+"/g, 'style:font-name="JPSP Marker Serif"')),
  });
}

/** The FEL2022 export and the organiser's template made from it (`markerTemplate`). */
export async function felAndTemplate(): Promise<{ fel: Json; styledTemplate: Uint8Array }> {
  const fel = JSON.parse(await readFile(FIXTURE, 'utf8')) as Json;
  return { fel, styledTemplate: markerTemplate(fel) };
}
