// The booklet's template fetch (URL + headers, real local HTTP server) and its refusal of pdf on a
// server without LibreOffice; the main booklet tests are in booklet.spec.ts.
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '@jpsp/contracts';
import { download, fieldErrors, felAndTemplate, fileServer, firstZipEntry, withoutDone, type Json } from './booklet-helpers.js';
import { connect, connected, emitAck, runTask, startTestServer, tinyEvent, type Client, type TestServer } from './harness.js';

describe('abstract-booklet on a server that allows private fetches and has no LibreOffice', () => {
  let fel: Json;
  /** The organiser's template: the default booklet styles with a marker font. */
  let styledTemplate: Uint8Array;
  let other: TestServer;
  let c: Client;

  beforeAll(async () => {
    ({ fel, styledTemplate } = await felAndTemplate());
    other = await startTestServer({ JPSP_FETCH_ALLOW_PRIVATE: 'true', JPSP_SOFFICE: '/nonexistent/libreoffice/soffice', JPSP_PROGRESS_INTERVAL_MS: '0' });
    c = await connected(connect(other.url));
  });
  afterAll(async () => {
    c?.close();
    await other?.stop();
  });

  it('fetches a template from a local URL with the given headers and applies its styles', async () => {
    const http = await fileServer(styledTemplate);
    try {
      const phases: string[] = [];
      const onUpdate = (s: TaskSnapshot) => s.progress && phases.push(s.progress.phase);
      c.on('task:update', onUpdate);
      const done = await runTask(
        c,
        'abstract-booklet',
        { event: fel, options: { formats: ['odt'], template: { odt: { url: http.url, headers: { Authorization: 'Bearer indico-token' } } } } },
        undefined,
        60_000,
      );
      c.off('task:update', onUpdate);
      expect(done.error).toBeUndefined();
      expect(done.status).toBe('completed');
      expect(withoutDone(phases)).toEqual(['validate', 'templates', 'model', 'odt']);
      expect(http.requests).toHaveLength(1);
      expect(http.requests[0].authorization).toBe('Bearer indico-token');
      const odt = await download(done.result!.files[0].url);
      expect(firstZipEntry(odt.body).name).toBe('mimetype');
      expect(strFromU8(unzipSync(odt.body)['styles.xml'])).toContain('JPSP Marker Serif');
    } finally {
      await http.close();
    }
  }, 90_000);

  it('fails with VALIDATION_FAILED naming the template when a fetched template is not a document', async () => {
    const http = await fileServer(strToU8('<html>login page</html>'));
    try {
      const done = await runTask(c, 'abstract-booklet', { event: fel, options: { formats: ['odt'], template: { odt: { url: http.url } } } }, undefined, 60_000);
      expect(done.status).toBe('failed');
      expect(done.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/ODT template is not an \.odt or \.ott file/), details: [{ path: 'input.options.template.odt' }] });
    } finally {
      await http.close();
    }
  });

  it('refuses pdf at submit, naming what is missing', async () => {
    const errors = fieldErrors(await emitAck(c, 'task:submit', { task: 'abstract-booklet', input: { event: tinyEvent(), options: { formats: ['odt', 'pdf'] } } }));
    expect(errors).toEqual([{ path: 'input.options.formats', reason: expect.stringMatching(/pdf needs LibreOffice \(soffice\) on the server, which is not installed/) }]);
  });
});
