import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldError, TaskCatalogEntry, TaskSnapshot } from '@jpsp/contracts';
import { download, fieldErrors, felAndTemplate, fileServer, firstZipEntry, withoutDone, type Json } from './booklet-helpers.js';
import { KEY_A, connect, connected, emitAck, isDone, okData, runTask, sleep, startTestServer, tinyEvent, waitForUpdate, type Client, type TestServer } from './harness.js';

const ODT = 'application/vnd.oasis.opendocument.text';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const SOFFICE = process.env.JPSP_SOFFICE || '/usr/bin/soffice';
/** The PDF tests need LibreOffice; they are skipped without it, except under CI=true (where a skip is a failure). */
const PDF_TESTS = existsSync(SOFFICE) || process.env.CI === 'true';
const GENERATOR = new URL('../../../libs/booklet/bench/generate-event.mjs', import.meta.url).href;
const SHIPPED_DOCX = fileURLToPath(new URL('../../../libs/booklet/templates/booklet-template.docx', import.meta.url));

/** Command lines of running processes that belong to a booklet PDF conversion. */
async function conversions(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,args=']);
  return stdout.split('\n').filter((l) => l.includes('jpsp-booklet-pdf-') && /soffice|oosplash/.test(l));
}

/** Child processes of `pid` that have exited but were never reaped (state Z), as `pid args`. */
async function zombiesOf(pid: number): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,stat=,args=']);
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === pid && f[2]?.startsWith('Z'))
    .map((f) => `${f[0]} ${f.slice(3).join(' ')}`);
}

function phasesOf(updates: TaskSnapshot[]): string[] {
  return withoutDone(updates.map((u) => u.progress!.phase));
}

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-booklet-test-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', join(dir, 'in.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('abstract-booklet task (real server, real socket.io-client, real engine)', () => {
  let fel: Json;
  let server: TestServer;
  let client: Client;
  /** An .ott made from a booklet ODT with a marker font in its styles (the "organiser's" template). */
  let styledTemplate: Uint8Array;

  beforeAll(async () => {
    ({ fel, styledTemplate } = await felAndTemplate());
    // Every progress update reaches the client (the default 100 ms interval may merge fast phases).
    server = await startTestServer({ JPSP_PROGRESS_INTERVAL_MS: '0' });
    client = await connected(connect(server.url));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('is in the catalog with a JSON Schema of its input', async () => {
    const catalog = okData(await emitAck<TaskCatalogEntry[]>(client, 'task:catalog', {}));
    const booklet = catalog.find((t) => t.name === 'abstract-booklet');
    expect(booklet).toMatchObject({ title: 'Abstract booklet', defaultTimeoutMs: 300_000 });
    const schema = booklet!.inputSchema as { required: string[]; properties: Json; $defs: Record<string, { properties: Json }> };
    expect(schema.required).toEqual(['event']);
    expect(schema.properties.event).toMatchObject({ type: 'object' });
    expect(schema.$defs.BookletOptionsDto.properties.formats).toMatchObject({ type: 'array', items: { enum: ['odt', 'docx', 'pdf'] }, uniqueItems: true });
    expect(Object.keys(schema.$defs.BookletOptionsDto.properties).sort()).toEqual(
      ['customFields', 'formats', 'includeAbstracts', 'includeAuthorIndex', 'includePosters', 'index', 'locale', 'pageSize', 'template', 'timezone'],
    );
    expect(schema.$defs.BookletTemplatesDto.properties.docx).toMatchObject({ oneOf: [{ type: 'string' }, { $ref: '#/$defs/BinaryRefDto' }] });
    expect(schema.$defs.BinaryRefDto).toMatchObject({ type: 'object', required: ['url'], additionalProperties: false });
  });

  it('lays the booklet out for options.pageSize and options.index (A5, page numbers)', async () => {
    const done = await runTask(client, 'abstract-booklet', { event: fel, options: { formats: ['odt'], pageSize: 'A5', index: 'pages' } }, undefined, 120_000);
    expect(done.status).toBe('completed');
    const parts = unzipSync((await download(done.result!.files[0].url)).body);
    expect(strFromU8(parts['styles.xml'])).toContain('fo:page-width="14.8cm" fo:page-height="21cm"');
    expect(strFromU8(parts['content.xml'])).toMatch(/<text:section text:style-name="Booklet_IndexColumns"[^>]*><text:p [^>]*><text:span [^>]*>[^<]+<\/text:span>\u2002<text:span [^>]*><text:bookmark-ref text:reference-format="page"/);
  });

  it('builds FEL2022 over Socket.IO: phases in order, warnings, ODT and DOCX downloads', async () => {
    const updates: TaskSnapshot[] = [];
    const onUpdate = (s: TaskSnapshot) => updates.push(s);
    client.on('task:update', onUpdate);
    const done = await runTask(client, 'abstract-booklet', { event: fel }, undefined, 120_000);
    client.off('task:update', onUpdate);

    expect(done.error).toBeUndefined();
    expect(done.status).toBe('completed');
    // Phases: first appearance order, and percent never goes back.
    const running = updates.filter((u) => u.taskId === done.taskId && u.status === 'running' && u.progress);
    expect(phasesOf(running)).toEqual(['validate', 'model', 'odt', 'docx']);
    const percents = running.map((u) => u.progress!.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(running.some((u) => /233 contributions in 21 sessions over 5 days/.test(u.progress!.message ?? ''))).toBe(true);

    expect(done.result!.warnings.length).toBeGreaterThan(0);
    expect(done.result!.warnings.join('\n')).toMatch(/no abstract/);
    expect(done.result!.data).toMatchObject({ days: 5, blocks: 21, contributions: 233 });
    expect((done.result!.data as { persons: number }).persons).toBeGreaterThan(500);

    const files = done.result!.files;
    expect(files.map((f) => [f.name, f.mediaType])).toEqual([
      ['FEL2022-abstract-booklet.odt', ODT],
      ['FEL2022-abstract-booklet.docx', DOCX],
    ]);
    const odt = await download(files[0].url);
    expect(odt.res.status).toBe(200);
    expect(odt.res.headers.get('content-type')).toBe(ODT);
    expect(createHash('sha256').update(odt.body).digest('hex')).toBe(files[0].sha256);
    expect(firstZipEntry(odt.body)).toEqual({ name: 'mimetype', method: 0, data: ODT });
    const odtParts = unzipSync(odt.body);
    const content = strFromU8(odtParts['content.xml']);
    for (const code of ['MOX01', 'MOBI3', 'TUAI2', 'MOP50']) {
      expect(content).toContain(code);
    }

    const docx = await download(files[1].url);
    expect(docx.res.status).toBe(200);
    expect(docx.res.headers.get('content-type')).toBe(DOCX);
    expect(docx.body.readUInt32LE(0)).toBe(0x04034b50);
    const docxParts = unzipSync(docx.body);
    expect(Object.keys(docxParts)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
    expect(strFromU8(docxParts['word/document.xml'])).toContain('MOBI3');
  }, 180_000);

  it.each([
    ['a wrapper with no event', { count: 0, results: [] }, 'input.event.results'],
    ['a numeric title', { ...tinyEvent(), title: 42 }, 'input.event.title'],
    ['a numeric title inside the wrapper', { count: 1, results: [{ ...tinyEvent(), title: 42 }] }, 'input.event.results[0].title'],
    ['contributions that are not a list', { ...tinyEvent(), contributions: 'none' }, 'input.event.contributions'],
    ['an event that is a list', [], 'input.event'],
    ['an event that is a string', 'FEL2022', 'input.event'],
    ['no event at all', undefined, 'input.event'],
  ])('refuses %s with VALIDATION_FAILED and the path of the field', async (_label, bad, path) => {
    const errors = fieldErrors(await emitAck(client, 'task:submit', { task: 'abstract-booklet', input: { event: bad } }));
    expect(errors.map((e) => e.path)).toContain(path);
  });

  it.each([
    ['an unknown option', { colour: 'red' }, 'input.options.colour'],
    ['null options', null, 'input.options'],
    ['options that are a list', ['odt'], 'input.options'],
    ['a null option', { timezone: null }, 'input.options.timezone'],
    ['an unknown format', { formats: ['xls'] }, 'input.options.formats'],
    ['a repeated format', { formats: ['odt', 'odt'] }, 'input.options.formats'],
    ['no format', { formats: [] }, 'input.options.formats'],
    ['an unknown time zone', { timezone: 'Europe/Atlantis' }, 'input.options.timezone'],
    ['a malformed locale', { locale: 'english please' }, 'input.options.locale'],
    ['a non-boolean switch', { includeAbstracts: 'yes' }, 'input.options.includeAbstracts'],
    ['too many custom fields', { customFields: Array.from({ length: 51 }, (_, i) => `f${i}`) }, 'input.options.customFields'],
    ['a template that is not base64', { template: { docx: 'not base64!' } }, 'input.options.template.docx'],
    ['a template that is not a ZIP package', { template: { odt: Buffer.from('just text, no zip').toString('base64') } }, 'input.options.template.odt'],
    ['a template URL with another scheme', { template: { odt: { url: 'file:///etc/passwd' } } }, 'input.options.template.odt'],
    ['a template URL with credentials', { template: { odt: { url: 'https://u:p@example.org/t.ott' } } }, 'input.options.template.odt'],
    ['a template header with a line break', { template: { docx: { url: 'https://example.org/t.docx', headers: { 'X-A': 'a\r\nHost: b' } } } }, 'input.options.template.docx'],
    ['an unknown template format', { template: { rtf: 'QUJD' } }, 'input.options.template.rtf'],
    ['an unknown page size', { pageSize: 'A3' }, 'input.options.pageSize'],
    ['an unknown index style', { index: 'names' }, 'input.options.index'],
  ])('refuses %s with VALIDATION_FAILED at submit', async (_label, options, path) => {
    const errors = fieldErrors(await emitAck(client, 'task:submit', { task: 'abstract-booklet', input: { event: tinyEvent(), options } }));
    expect(errors.map((e) => e.path)).toContain(path);
  });

  it('uses an inline DOCX template and warns about a template for a format that was not asked for', async () => {
    const shipped = unzipSync(await readFile(SHIPPED_DOCX));
    const doc = strFromU8(shipped['word/document.xml']).replace('<w:body>', '<w:body><w:p><w:r><w:t>JPSP custom template marker</w:t></w:r></w:p>');
    const custom = zipSync({ ...shipped, 'word/document.xml': strToU8(doc) });
    const done = await runTask(
      client,
      'abstract-booklet',
      { event: fel, options: { formats: ['docx'], template: { docx: Buffer.from(custom).toString('base64'), odt: Buffer.from(styledTemplate).toString('base64') } } },
      undefined,
      60_000,
    );
    expect(done.error).toBeUndefined();
    expect(done.result!.warnings).toContain('options.template.odt was not used: no ODT or PDF was requested');
    const docx = await download(done.result!.files[0].url);
    const body = strFromU8(unzipSync(docx.body)['word/document.xml']);
    expect(body).toContain('JPSP custom template marker');
    expect(body).toContain('MOBI3');
  });

  it('fails with VALIDATION_FAILED on input.options.template.docx for a ZIP that is not a usable .docx', async () => {
    const notDocx = zipSync({ 'readme.txt': strToU8('hello') });
    const done = await runTask(client, 'abstract-booklet', { event: fel, options: { formats: ['docx'], template: { docx: Buffer.from(notDocx).toString('base64') } } }, undefined, 60_000);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('VALIDATION_FAILED');
    expect(done.error?.message).toMatch(/DOCX template/);
    expect((done.error?.details as FieldError[]).map((d) => d.path)).toContain('input.options.template.docx');
  });

  it('refuses to fetch a template from a loopback address by default, with a clear message', async () => {
    const http = await fileServer(styledTemplate);
    try {
      const done = await runTask(client, 'abstract-booklet', { event: fel, options: { formats: ['odt'], template: { odt: { url: http.url } } } }, undefined, 60_000);
      expect(done.status).toBe('failed');
      expect(done.error?.code).toBe('TASK_FAILED');
      expect(done.error?.message).toMatch(/ODT template/);
      expect(done.error?.message).toMatch(/not a public address \(loopback, private/);
      expect(done.error?.message).not.toContain('secret-query');
      expect(http.requests).toHaveLength(0);
    } finally {
      await http.close();
    }
  });

  it.runIf(PDF_TESTS)('converts to PDF with LibreOffice: the text holds the programme codes', async () => {
    const phases: string[] = [];
    const onUpdate = (s: TaskSnapshot) => s.progress && phases.push(s.progress.phase);
    client.on('task:update', onUpdate);
    const done = await runTask(client, 'abstract-booklet', { event: fel, options: { formats: ['pdf'], locale: 'it' } }, undefined, 240_000);
    client.off('task:update', onUpdate);
    expect(done.error).toBeUndefined();
    expect(done.status).toBe('completed');
    expect(withoutDone(phases)).toEqual(['validate', 'model', 'odt', 'pdf']);
    expect(done.result!.files.map((f) => [f.name, f.mediaType])).toEqual([['FEL2022-abstract-booklet.pdf', 'application/pdf']]);
    const pdf = await download(done.result!.files[0].url);
    expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf.body);
    for (const code of ['MOX01', 'MOBI3', 'TUAI2']) {
      expect(text).toContain(code);
    }
    // LibreOffice's launcher and the watchdog were reaped by the worker before the task returned.
    expect(await zombiesOf(server.proc.pid!)).toEqual([]);
  }, 300_000);

  it.runIf(PDF_TESTS)('cancelling during the PDF conversion stops LibreOffice and leaves no scratch files and no zombie processes', async () => {
    const scratch = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('jpsp-booklet-pdf-'));
    const before = await scratch();
    // A generated 2,000-contribution event: its conversion takes ~30 s, so LibreOffice gone within
    // 15 s of the cancel means it was killed, not that it finished (and a busy machine has room).
    const { generateEvent } = (await import(GENERATOR)) as { generateEvent: (n: number, seed: number) => unknown };
    const big = generateEvent(2000, 7);
    const ack = await emitAck(client, 'task:submit', { task: 'abstract-booklet', input: { event: big, options: { formats: ['pdf'] } } });
    const { taskId } = okData(ack);
    await waitForUpdate(client, taskId, (s) => s.progress?.phase === 'pdf', 60_000);
    await sleep(500);
    expect(await conversions()).not.toEqual([]);
    const cancelled = waitForUpdate(client, taskId, isDone, 30_000);
    okData(await emitAck(client, 'task:cancel', { taskId }));
    expect((await cancelled).status).toBe('cancelled');
    // Killed, not finished.
    const end = Date.now() + 15_000;
    while ((await conversions()).length > 0 && Date.now() < end) {
      await sleep(100);
    }
    expect(await conversions()).toEqual([]);
    const leftovers = async () => (await scratch()).filter((n) => !before.includes(n));
    while ((await leftovers()).length > 0 && Date.now() < end + 5_000) {
      await sleep(100);
    }
    expect(await leftovers()).toEqual([]);
    // Every process the conversion started (launcher, watchdog) was reaped, not left as a zombie.
    while ((await zombiesOf(server.proc.pid!)).length > 0 && Date.now() < end + 10_000) {
      await sleep(100);
    }
    expect(await zombiesOf(server.proc.pid!)).toEqual([]);
    // The server goes on working.
    const next = await runTask(client, 'abstract-booklet', { event: fel, options: { formats: ['odt'] } }, undefined, 60_000);
    expect(next.status).toBe('completed');
  }, 120_000);

  it('works over REST too: POST /api/tasks → 202 → poll → completed; a bad input → 400 with paths', async () => {
    const headers = { 'x-api-key': KEY_A, 'content-type': 'application/json' };
    const bad = await fetch(`${server.url}/api/tasks`, { method: 'POST', headers, body: JSON.stringify({ task: 'abstract-booklet', input: { event: { title: 42 } } }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ path: 'input.event.title' })]) } });

    const res = await fetch(`${server.url}/api/tasks`, { method: 'POST', headers, body: JSON.stringify({ task: 'abstract-booklet', input: { event: fel, options: { formats: ['docx'], includeAuthorIndex: false } } }) });
    expect(res.status).toBe(202);
    let snap = (await res.json()) as TaskSnapshot;
    const end = Date.now() + 60_000;
    while (!isDone(snap) && Date.now() < end) {
      await sleep(100);
      snap = (await (await fetch(`${server.url}/api/tasks/${snap.taskId}`, { headers })).json()) as TaskSnapshot;
    }
    expect(snap.status).toBe('completed');
    expect(snap.result!.files.map((f) => f.name)).toEqual(['FEL2022-abstract-booklet.docx']);
    const docx = await download(snap.result!.files[0].url);
    expect(Object.keys(unzipSync(docx.body))).toContain('word/document.xml');
  }, 90_000);
});
