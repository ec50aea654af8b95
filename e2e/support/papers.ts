import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { A4_MM, JACOW_MM, fodt, officePdfs, standard14Pdf, type3FigurePdf } from '@jpsp/papers/test-support/make-pdfs';

/** The credential papers.json hands the task server for the PDFs (as a signed URL would carry one). */
export const PAPER_AUTH = `Bearer ${randomBytes(18).toString('base64url')}`; // made per run

/** What the e2e paper check finds, by programme code. */
export const PAPERS = [
  { code: 'MOP01', file: 'good.pdf', title: 'A paper with no problem' },
  { code: 'MOP02', file: 'a4.pdf', title: 'A paper on A4' },
  { code: 'MOP03', file: 'std14.pdf', title: 'A paper with fonts not embedded' },
  { code: 'MOP04', file: 'type3.pdf', title: 'A paper with a Type 3 figure' },
  { code: 'MOP05', file: 'missing.pdf', title: 'A paper whose file is gone' },
] as const;

/** The PDFs, made by LibreOffice and pdf-lib when the host server starts (about 2 s). */
export async function paperFiles(): Promise<Map<string, Uint8Array>> {
  const office = await officePdfs({ good: fodt({ size: JACOW_MM, pages: 4 }), a4: fodt({ size: A4_MM, pages: 3 }) });
  return new Map<string, Uint8Array>([
    ['good.pdf', office.good],
    ['a4.pdf', office.a4],
    ['std14.pdf', await standard14Pdf(2)],
    ['type3.pdf', await type3FigurePdf()],
  ]);
}

/** `/papers.json`: the task input; `/papers/<file>`: a PDF, only with the credential. */
export function servePapers(path: string, authorization: string | undefined, files: Map<string, Uint8Array>, origin: string, res: ServerResponse): void {
  if (path === '/papers.json') {
    const papers = PAPERS.map((p, i) => ({ id: String(i + 1), code: p.code, title: p.title, type: 'Poster', url: `${origin}/papers/${p.file}?exp=${Date.now() + 3_600_000}`, headers: { Authorization: PAPER_AUTH } }));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ papers }));
    return;
  }
  if (authorization !== PAPER_AUTH) {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden');
    return;
  }
  const file = files.get(path.slice('/papers/'.length));
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': file.byteLength }).end(file);
}
