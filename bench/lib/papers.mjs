// The paper check end to end, as an editor's run sees it: 1,000 papers (4–6 pages, LibreOffice
// exports, some with a figure, some on A4, some with pdf-lib figures in Type 3 or unembedded fonts)
// served over loopback HTTP behind a header, checked through the server over Socket.IO; against
// poppler's `pdfinfo` + `pdffonts` run on the same files, one paper after the other (what editors
// run by hand). Also the check alone, in this process (one thread), to show where the time goes.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io } from 'socket.io-client';
import { BENCH_KEY, median, ROOT, startServer } from './common.mjs';

const run = promisify(execFile);
const AUTH = `Bearer ${randomBytes(18).toString('base64url')}`; // made per run

async function makeVariants() {
  const m = await import(join(ROOT, 'libs/papers/test-support/make-pdfs.mjs'));
  const docs = {};
  for (const pages of [4, 5, 6]) {
    for (const figure of [false, true]) {
      docs[`jacow-${pages}-${figure ? 'fig' : 'text'}`] = m.fodt({ size: m.JACOW_MM, pages, figure, title: `Paper of ${pages} pages` });
    }
    docs[`a4-${pages}`] = m.fodt({ size: m.A4_MM, pages });
  }
  const office = await m.officePdfs(docs);
  return [...Object.values(office), await m.type3FigurePdf(), await m.standard14Pdf(4), await m.annotationFontPdf()];
}

export async function benchPapers({ papers = 1000, popplerPapers = papers } = {}) {
  const variants = await makeVariants();
  const fileOf = (i) => variants[i % variants.length];
  const files = createServer((req, res) => {
    const i = Number(/^\/p\/(\d+)\.pdf/.exec(req.url ?? '')?.[1]);
    if (req.headers.authorization !== AUTH || !Number.isInteger(i)) {
      res.writeHead(403).end();
      return;
    }
    const bytes = fileOf(i);
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.byteLength }).end(bytes);
  });
  await new Promise((resolve) => files.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${files.address().port}`;
  const input = { papers: Array.from({ length: papers }, (_, i) => ({ id: String(i), code: `P${i}`, url: `${base}/p/${i}.pdf?exp=9999999999`, headers: { Authorization: AUTH } })) };
  const server = await startServer({ env: { JPSP_FETCH_ALLOW_PRIVATE: 'true', JPSP_LOG_LEVEL: 'warn' } });
  const socket = io(server.url, { auth: { apiKey: BENCH_KEY }, transports: ['websocket'] });
  const dir = mkdtempSync(join(tmpdir(), 'jpsp-bench-papers-'));
  try {
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const once = async (payload) => {
      const t0 = performance.now();
      const ack = await socket.timeout(30_000).emitWithAck('task:submit', { task: 'papers-check', input: payload });
      if (!ack.ok) {
        throw new Error(`submit refused: ${ack.error.code} ${ack.error.message}`);
      }
      const end = await new Promise((resolve) => {
        const on = (s) => {
          if (s.taskId === ack.data.taskId && ['completed', 'failed', 'cancelled'].includes(s.status)) {
            socket.off('task:update', on);
            resolve(s);
          }
        };
        socket.on('task:update', on);
      });
      if (end.status !== 'completed') {
        throw new Error(`papers-check ${end.status}: ${end.error?.message}`);
      }
      return { seconds: (performance.now() - t0) / 1000, summary: end.result.data.summary };
    };
    await once({ papers: input.papers.slice(0, 20) }); // warm-up: workers and their modules
    const whole = await once(input);

    // poppler, one paper after the other, on the same files
    const perPaper = [];
    const popplerStart = performance.now();
    for (let i = 0; i < popplerPapers; i++) {
      const file = join(dir, `p${i % variants.length}.pdf`);
      if (i < variants.length) {
        writeFileSync(file, fileOf(i));
      }
      const t0 = performance.now();
      await run('pdfinfo', ['-box', file]);
      await run('pdffonts', [file]);
      perPaper.push(performance.now() - t0);
    }
    const popplerS = (performance.now() - popplerStart) / 1000;

    // the check alone, in this process
    const lib = await import(join(ROOT, 'libs/papers/dist/index.js'));
    const rules = lib.resolveRules({});
    const engine = [];
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      for (let i = 0; i < 200; i++) {
        await lib.checkPaper(fileOf(i), { id: String(i) }, rules);
      }
      engine.push((performance.now() - t0) / 200);
    }
    const bytes = variants.reduce((n, v) => n + v.byteLength, 0) / variants.length;
    return {
      papers,
      variants: variants.length,
      meanKb: bytes / 1024,
      seconds: whole.seconds,
      papersPerSec: papers / whole.seconds,
      msPerPaper: (whole.seconds * 1000) / papers,
      summary: whole.summary,
      popplerPapers,
      popplerMsPerPaper: median(perPaper),
      popplerS,
      engineMsPerPaper: median(engine),
    };
  } finally {
    socket.close();
    await server.stop();
    await new Promise((resolve) => files.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node bench/lib/papers.mjs [papers]`: this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchPapers({ papers: Number(process.argv[2] ?? 1000) }))}\n`);
}
