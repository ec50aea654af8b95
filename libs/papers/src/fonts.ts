import { type PDFDict, PDFName, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import { arrayEntry, dictEntry, dictOf, entry, nameEntry, resolve } from './pdf-objects.js';
import type { FontInfo } from './types.js';

export interface FoundFont extends FontInfo {
  /** 1-based page where it is first used. */
  firstPage: number;
}

const FONT_FILES = ['FontFile', 'FontFile2', 'FontFile3'];

/**
 * Every font a page can draw with: its resources, and recursively the resources of the Form
 * XObjects it paints (figures, where Type 3 and unembedded fonts hide), of tiling patterns, of
 * soft masks, of Type 3 glyph procedures, and of its annotations' appearance streams. Each font
 * object is reported once per paper, with the first page that uses it.
 */
export class FontCollector {
  readonly fonts: FoundFont[] = [];
  /** Font dictionaries already reported (a font shared by every page is one font). */
  private readonly seenFonts = new Set<PDFDict>();

  constructor(private readonly context: PDFContext) {}

  collectPage(page: PDFDict, pageNumber: number, resources: PDFDict | undefined): void {
    // Resource dictionaries already walked for this page (a figure repeated on a page, or a
    // cycle of forms in a damaged file, is walked once).
    const visited = new Set<PDFDict>();
    if (resources) {
      this.walkResources(resources, pageNumber, visited, 0);
    }
    const annots = arrayEntry(page, 'Annots');
    if (annots) {
      for (let i = 0; i < annots.size(); i++) {
        const annot = dictOf(this.context, annots.get(i));
        const ap = annot && dictEntry(annot, 'AP');
        if (ap) {
          for (const key of ['N', 'R', 'D']) {
            this.walkAppearance(ap.get(PDFName.of(key)), pageNumber, visited);
          }
        }
      }
    }
  }

  /** An appearance entry: a form stream, or a dictionary of appearance states (each a stream). */
  private walkAppearance(obj: PDFObject | undefined, pageNumber: number, visited: Set<PDFDict>): void {
    const value = resolve(this.context, obj);
    const dict = dictOf(this.context, value);
    if (!dict) {
      return;
    }
    if (dict !== value) {
      this.walkForm(dict, pageNumber, visited, 0); // a stream: the appearance itself
      return;
    }
    for (const [, state] of dict.entries()) {
      const form = dictOf(this.context, state);
      if (form) {
        this.walkForm(form, pageNumber, visited, 0);
      }
    }
  }

  private walkForm(form: PDFDict, pageNumber: number, visited: Set<PDFDict>, depth: number): void {
    const resources = dictEntry(form, 'Resources');
    if (resources) {
      this.walkResources(resources, pageNumber, visited, depth + 1);
    }
  }

  private walkResources(resources: PDFDict, pageNumber: number, visited: Set<PDFDict>, depth: number): void {
    if (visited.has(resources) || depth > 32) {
      return;
    }
    visited.add(resources);
    const fonts = dictEntry(resources, 'Font');
    if (fonts) {
      for (const [key, value] of fonts.entries()) {
        const font = dictOf(this.context, value);
        if (font) {
          this.addFont(font, key.decodeText(), pageNumber, visited, depth);
        }
      }
    }
    for (const category of ['XObject', 'Pattern']) {
      const group = dictEntry(resources, category);
      if (!group) {
        continue;
      }
      for (const [, value] of group.entries()) {
        const child = dictOf(this.context, value);
        // Form XObjects (not images) and tiling patterns carry resources of their own.
        if (child && (category === 'Pattern' || nameEntry(child, 'Subtype') === 'Form')) {
          this.walkForm(child, pageNumber, visited, depth);
        }
      }
    }
    const states = dictEntry(resources, 'ExtGState');
    if (states) {
      for (const [, value] of states.entries()) {
        const mask = dictOf(this.context, value);
        const smask = mask && dictEntry(mask, 'SMask');
        const group = smask && dictEntry(smask, 'G');
        if (group) {
          this.walkForm(group, pageNumber, visited, depth);
        }
      }
    }
  }

  private addFont(font: PDFDict, resourceName: string, pageNumber: number, visited: Set<PDFDict>, depth: number): void {
    if (this.seenFonts.has(font)) {
      return;
    }
    this.seenFonts.add(font);
    const type = nameEntry(font, 'Subtype') ?? 'unknown';
    const name = nameEntry(font, 'BaseFont') ?? nameEntry(font, 'Name') ?? resourceName;
    let embedded: boolean;
    if (type === 'Type3') {
      embedded = true; // its glyphs are drawn by content streams inside the file
      this.walkForm(font, pageNumber, visited, depth); // glyph procedures may use fonts themselves
    } else if (type === 'Type0') {
      const descendants = arrayEntry(font, 'DescendantFonts');
      const cid = descendants && descendants.size() > 0 ? dictOf(this.context, descendants.get(0)) : undefined;
      embedded = cid !== undefined && hasFontFile(cid);
    } else {
      embedded = hasFontFile(font);
    }
    this.fonts.push({ name, type, embedded, firstPage: pageNumber });
  }
}

function hasFontFile(font: PDFDict): boolean {
  const descriptor = dictEntry(font, 'FontDescriptor');
  return descriptor !== undefined && FONT_FILES.some((key) => entry(descriptor, key) !== undefined);
}

