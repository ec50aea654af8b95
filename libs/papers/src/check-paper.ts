import { PDFDocument, PDFName, ParseSpeeds, type PDFPage } from '@cantoo/pdf-lib';
import { FontCollector, type FoundFont } from './fonts.js';
import { rectSize } from './pdf-objects.js';
import { compareVersions, KNOWN_SIZES, pageLimit, type PageSizeRule, type ResolvedRules } from './rules.js';
import type { PageSizeInfo, PaperMeta, PaperReport, Problem } from './types.js';
import { identity, unreadableReport } from './unreadable.js';

const HEAD_WINDOW = 1024;
const VERSION = PDFName.of('Version');
const TAIL_WINDOW = 1024;

/**
 * Checks one paper's bytes against the rules: page count, every page's MediaBox and CropBox (as
 * displayed, after /Rotate), every font reachable from a page (see `FontCollector`), the PDF
 * version. A file that cannot be read becomes an `unreadable` problem; this never throws for a bad
 * file.
 */
export async function checkPaper(bytes: Uint8Array, meta: PaperMeta, rules: ResolvedRules): Promise<PaperReport> {
  const header = pdfHeaderVersion(bytes);
  if (header === undefined) {
    return unreadableReport(meta, `Not a PDF: ${describeNonPdf(bytes)}.`);
  }
  if (!hasEofMarker(bytes)) {
    return unreadableReport(meta, 'Damaged PDF: the file is truncated (it has no end-of-file marker); upload it again.');
  }
  let doc: PDFDocument;
  let pages: PDFPage[];
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, throwOnInvalidObject: false });
    if (doc.isEncrypted) {
      return unreadableReport(meta, 'Encrypted PDF: it cannot be processed for the proceedings; export it again without a password or restrictions.');
    }
    pages = doc.getPages();
  } catch (err) {
    return unreadableReport(meta, `Damaged PDF: ${firstLine(err)}.`);
  }
  if (pages.length === 0) {
    return unreadableReport(meta, 'Damaged PDF: it has no pages.');
  }

  const catalogVersion = doc.catalog.get(VERSION);
  const version = maxVersion(header, catalogVersion ? String(catalogVersion.toString()).replace(/^\//, '') : undefined);
  const sizes = new SizeTally();
  const offending = new Map<string, { box: string; width: number; height: number; pages: number[] }>();
  const fonts = new FontCollector(doc.context);
  const problems: Problem[] = [];

  pages.forEach((page, i) => {
    const n = i + 1;
    const rotated = Math.abs(page.getRotation().angle % 180) === 90;
    const media = rectSize(doc.context, page.node.MediaBox());
    const crop = rectSize(doc.context, page.node.CropBox());
    if (!media) {
      problems.push({ rule: 'page-size', severity: 'error', page: n, message: `Page ${n} has no valid page size (MediaBox).` });
      return;
    }
    // The CropBox (what viewers and printers show) is checked when it differs from the MediaBox.
    const boxes: [string, { width: number; height: number }][] = [['page (MediaBox)', media]];
    if (crop && (round(crop.width) !== round(media.width) || round(crop.height) !== round(media.height))) {
      boxes.push(['visible area (CropBox)', crop]);
    }
    for (const [box, size] of boxes) {
      const shown = rotated ? { width: size.height, height: size.width } : size;
      if (!rules.pageSizes.some((rule) => fits(shown, rule, rules.tolerancePt))) {
        const key = `${box} ${round(shown.width)}x${round(shown.height)}`;
        const group = offending.get(key) ?? { box, width: shown.width, height: shown.height, pages: [] };
        group.pages.push(n);
        offending.set(key, group);
      }
    }
    const visible = crop ?? media;
    sizes.add(rotated ? { width: visible.height, height: visible.width } : visible, rules);
    fonts.collectPage(page.node, n, page.node.Resources());
  });

  const expected = rules.pageSizes.map((r) => `${r.width} × ${r.height} pt (${r.name})`).join(' or ');
  for (const group of offending.values()) {
    const named = nameOf(group, KNOWN_SIZES, rules.tolerancePt);
    problems.push({
      rule: 'page-size',
      severity: 'error',
      page: group.pages[0],
      message: `${pageList(group.pages, pages.length)}: the ${group.box} is ${round(group.width)} × ${round(group.height)} pt${named ? ` (${named})` : ''}; expected ${expected}, ±${rules.tolerancePt} pt.`,
    });
  }
  problems.push(...fontProblems(fonts.fonts, rules));
  if (version !== null && compareVersions(version, rules.maxPdfVersion) > 0) {
    problems.push({ rule: 'pdf-version', severity: 'warning', message: `PDF version ${version} is newer than ${rules.maxPdfVersion}, the highest accepted; export as PDF ${rules.maxPdfVersion} (or PDF/A).` });
  }
  const limit = pageLimit(rules, meta.type);
  if (limit !== undefined && pages.length > limit) {
    const forType = meta.type !== undefined && Object.hasOwn(rules.maxPagesByType, meta.type) ? ` for ${meta.type}` : '';
    problems.push({ rule: 'page-count', severity: 'error', message: `${pages.length} pages; the limit${forType} is ${limit}.` });
  }

  return {
    ...identity(meta),
    ok: !problems.some((p) => p.severity === 'error'),
    pages: pages.length,
    pdfVersion: version,
    pageSizes: sizes.list(),
    fonts: fonts.fonts.map(({ name, type, embedded }) => ({ name, type, embedded })),
    problems,
  };
}


function fontProblems(found: readonly FoundFont[], rules: ResolvedRules): Problem[] {
  const out: Problem[] = [];
  for (const font of found) {
    if (font.type === 'Type3') {
      if (!rules.allowType3) {
        out.push({ rule: 'type3-fonts', severity: 'warning', page: font.firstPage, message: `Type 3 font ${font.name} (first used on page ${font.firstPage}): a bitmap or drawn font, blurred in print and not searchable; often from a figure (LaTeX with bitmap fonts, matplotlib): embed the figure with Type 1 or TrueType fonts.` });
      }
    } else if (!font.embedded) {
      out.push({ rule: 'fonts-not-embedded', severity: 'error', page: font.firstPage, message: `Font ${font.name} (${typeLabel(font.type)}) is not embedded (first used on page ${font.firstPage}); export the PDF with all fonts embedded.` });
    }
  }
  return out;
}

function typeLabel(type: string): string {
  switch (type) {
    case 'Type1':
      return 'Type 1';
    case 'MMType1':
      return 'Multiple Master';
    case 'Type0':
      return 'Type 0 / CID';
    default:
      return type;
  }
}

/** `%PDF-x.y` in the first 1,024 bytes (where readers look for it), or undefined. */
export function pdfHeaderVersion(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEAD_WINDOW)).toString('latin1');
  const match = /%PDF-(\d+\.\d+)/.exec(head);
  return match?.[1];
}

function hasEofMarker(bytes: Uint8Array): boolean {
  const start = Math.max(0, bytes.byteLength - TAIL_WINDOW);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('latin1').includes('%%EOF');
}

function describeNonPdf(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) {
    return 'the file is empty';
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 256)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<')) {
    return 'the server sent an HTML or XML page (a login or error page?) instead of the file';
  }
  return 'the file does not start with a PDF header';
}

function maxVersion(header: string, catalog: string | undefined): string {
  return catalog && /^\d+\.\d+$/.test(catalog) && compareVersions(catalog, header) > 0 ? catalog : header;
}

function fits(size: { width: number; height: number }, rule: PageSizeRule, tolerance: number): boolean {
  return Math.abs(size.width - rule.width) <= tolerance && Math.abs(size.height - rule.height) <= tolerance;
}

function nameOf(size: { width: number; height: number }, known: readonly PageSizeRule[], tolerance: number): string | undefined {
  const match = known.find((k) => fits(size, k, tolerance));
  if (match) {
    return match.name;
  }
  const landscape = known.find((k) => fits({ width: size.height, height: size.width }, k, tolerance));
  return landscape ? `${landscape.name}, landscape` : undefined;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** "Page 3", "Pages 1–5", "Pages 1–2, 4", "All 6 pages". */
export function pageList(pages: readonly number[], total: number): string {
  if (pages.length === 1) {
    return `Page ${pages[0]}`;
  }
  if (pages.length === total && total > 1) {
    return `All ${total} pages`;
  }
  const runs: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j] + 1) {
      j++;
    }
    runs.push(j > i ? `${pages[i]}–${pages[j]}` : String(pages[i]));
    i = j + 1;
  }
  return `Pages ${runs.join(', ')}`;
}

class SizeTally {
  private readonly sizes = new Map<string, PageSizeInfo>();

  add(size: { width: number; height: number }, rules: ResolvedRules): void {
    const key = `${round(size.width)}x${round(size.height)}`;
    const found = this.sizes.get(key);
    if (found) {
      found.pages++;
      return;
    }
    const info: PageSizeInfo = { width: round(size.width), height: round(size.height), pages: 1 };
    const name = nameOf(size, [...rules.pageSizes, ...KNOWN_SIZES], rules.tolerancePt);
    if (name) {
      info.name = name;
    }
    this.sizes.set(key, info);
  }

  list(): PageSizeInfo[] {
    return [...this.sizes.values()];
  }
}

function firstLine(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  return message.split('\n')[0].slice(0, 300);
}
