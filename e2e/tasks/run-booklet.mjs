// Runs inside the server's worker thread. Waits in progress steps (so that a test can act
// "mid-run"), then builds the booklet with the real abstract-booklet run module when the server
// build has one, else writes a minimal valid ODT itself (programme codes and titles).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';

const REAL = new URL('../../apps/server/dist/task-definitions/abstract-booklet/abstract-booklet.run.js', import.meta.url);
const ODT = 'application/vnd.oasis.opendocument.text';

export async function runBooklet(input, ctx, { steps, stepMs }) {
  for (let i = 0; i < steps; i++) {
    ctx.signal.throwIfAborted();
    ctx.progress(Math.round((i / steps) * 50), 'e2e-wait', `waiting, step ${i + 1} of ${steps}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  if (existsSync(fileURLToPath(REAL))) {
    const real = await import(REAL.href);
    return real.run(input, ctx);
  }
  ctx.progress(60, 'odt', 'writing the ODT');
  const event = eventOf(input.event);
  await ctx.writeFile(`${safe(event.title ?? 'event')}-abstract-booklet.odt`, odt(event), ODT);
  await ctx.writeFile(`${safe(event.title ?? 'event')}-programme.txt`, programme(event).map((r) => `${r.code}\t${r.title}`).join('\n'), 'text/plain');
  ctx.progress(100, 'done', 'done');
  return { fallback: true };
}

function eventOf(payload) {
  return Array.isArray(payload?.results) ? payload.results[0] : payload;
}

function programme(event) {
  const rows = [];
  for (const block of event.sessions ?? []) {
    rows.push({ heading: true, code: block.code || block.session?.code || '', title: block.title ?? block.session?.title ?? '' });
    for (const c of block.contributions ?? []) {
      rows.push({ code: c.code ?? '', title: c.title ?? '' });
    }
  }
  for (const c of event.contributions ?? []) {
    rows.push({ code: c.code ?? '', title: c.title ?? '' });
  }
  return rows;
}

const xml = (s) => String(s).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const safe = (s) => String(s).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'event';

function odt(event) {
  const body = programme(event)
    .map((r) => (r.heading ? `<text:h text:outline-level="1">${xml(r.code)} — ${xml(r.title)}</text:h>` : `<text:p>${xml(r.code)} ${xml(r.title)}</text:p>`))
    .join('');
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text><text:h text:outline-level="1">${xml(event.title ?? '')}</text:h>${body}</office:text></office:body></office:document-content>`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${ODT}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  return zipSync({
    mimetype: [strToU8(ODT), { level: 0 }],
    'content.xml': strToU8(content),
    'META-INF/manifest.xml': strToU8(manifest),
  });
}
