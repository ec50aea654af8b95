// The page sizes both writers lay out for: one table of sizes, margins and type scale.
import type { PageSize } from './options.js';

/**
 * Each page size with margins and a type scale that suit it (cm), and its exact size in twips
 * (1/1440 in; Word's own numbers, which cm × 567 misses by one). A5 (abstract booklets are often
 * A5) gets narrower margins and 90 % type: its text column is 11.8 cm against A4's 17 cm.
 */
export const PAGE_GEOMETRY: Readonly<Record<PageSize, { width: number; height: number; top: number; bottom: number; side: number; scale: number; twips: { w: number; h: number } }>> = {
  A4: { width: 21, height: 29.7, top: 2, bottom: 1.5, side: 2, scale: 1, twips: { w: 11906, h: 16838 } },
  Letter: { width: 21.59, height: 27.94, top: 1.9, bottom: 1.5, side: 1.9, scale: 1, twips: { w: 12240, h: 15840 } },
  A5: { width: 14.8, height: 21, top: 1.5, bottom: 1.2, side: 1.5, scale: 0.9, twips: { w: 8391, h: 11906 } },
};

/** Twips of a length in cm. */
export function twips(cm: number): number {
  return Math.round(cm * 567);
}
