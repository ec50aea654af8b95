import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFStream, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';

/**
 * Tolerant accessors over pdf-lib's object model: a damaged or unusual file holds the wrong type
 * where the specification says otherwise, and pdf-lib's own `lookupMaybe` throws on that. These
 * answer `undefined` instead, so one odd object costs one finding, not the paper.
 */
export function resolve(context: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  let value = obj;
  // A reference to a reference is legal and rare; follow a few.
  for (let hops = 0; value instanceof PDFRef && hops < 8; hops++) {
    value = context.lookup(value);
  }
  return value instanceof PDFRef ? undefined : value;
}

export function dictOf(context: PDFContext, obj: PDFObject | undefined): PDFDict | undefined {
  const value = resolve(context, obj);
  if (value instanceof PDFDict) {
    return value;
  }
  return value instanceof PDFStream ? value.dict : undefined;
}

export function entry(dict: PDFDict, key: string): PDFObject | undefined {
  return resolve(dict.context, dict.get(PDFName.of(key)));
}

export function dictEntry(dict: PDFDict, key: string): PDFDict | undefined {
  return dictOf(dict.context, dict.get(PDFName.of(key)));
}

export function nameEntry(dict: PDFDict, key: string): string | undefined {
  const value = entry(dict, key);
  return value instanceof PDFName ? value.decodeText() : undefined;
}

export function arrayEntry(dict: PDFDict, key: string): PDFArray | undefined {
  const value = entry(dict, key);
  return value instanceof PDFArray ? value : undefined;
}

/** A rectangle `[llx lly urx ury]` as width × height, or undefined when it is not four numbers. */
export function rectSize(context: PDFContext, obj: PDFObject | undefined): { width: number; height: number } | undefined {
  const value = resolve(context, obj);
  if (!(value instanceof PDFArray) || value.size() !== 4) {
    return undefined;
  }
  const n: number[] = [];
  for (let i = 0; i < 4; i++) {
    const item = resolve(context, value.get(i));
    if (!(item instanceof PDFNumber)) {
      return undefined;
    }
    n.push(item.asNumber());
  }
  return { width: Math.abs(n[2] - n[0]), height: Math.abs(n[3] - n[1]) };
}
