// Look-ahead scans of the markup parser: where a math span, an emphasis or a brace group ends.

/**
 * Closing `$` of an inline math span opened before `open`, in the same paragraph and at most 400
 * characters away; -1 = not math (the `$` is literal). The opening `$` has a non-space right after
 * it. Pandoc also wants the closing one without a space before it and without a digit after it;
 * abstracts break both halves ("$\sim$100 μK", "T$_{CDW} $= 263 K"), so a `$` fails to close
 * only when it has both a space before and a digit after ("costs $5 and $10").
 */
export function findMathClose(s: string, open: number, to: number, display: boolean): number {
  const first = s[open];
  if (open >= to || first === ' ' || first === '\n' || first === '\t' || (!display && first === '$')) {
    return -1;
  }
  const limit = Math.min(to, open + 400);
  for (let j = open; j < limit; j++) {
    const ch = s[j];
    if (ch === '\\') {
      j++;
      continue;
    }
    if (ch === '\n' && s[j + 1] === '\n') {
      return -1;
    }
    if (ch === '$') {
      if (display) {
        return s[j + 1] === '$' ? j : -1;
      }
      if (j === open) {
        return -1;
      }
      const before = s[j - 1];
      const after = s[j + 1];
      const spaceBefore = before === ' ' || before === '\n' || before === '\t';
      const digitAfter = after !== undefined && after >= '0' && after <= '9';
      if (!(spaceBefore && digitAfter)) {
        return j;
      }
      // a literal dollar inside ("$5"); the span may still close further on
    }
  }
  return -1;
}

/** Closing `*`/`**` of Markdown emphasis in the same paragraph; -1 when none (then literal). */
export function findEmphasisClose(s: string, open: number, to: number, double: boolean): number {
  const first = s[open];
  if (open >= to || first === undefined || /\s|\*/.test(first)) {
    return -1;
  }
  const limit = Math.min(to, open + 300);
  for (let j = open + 1; j < limit; j++) {
    const ch = s[j];
    if (ch === '\n' && s[j + 1] === '\n') {
      return -1;
    }
    if (ch === '*') {
      if (/\s/.test(s[j - 1])) {
        continue;
      }
      if (double) {
        if (s[j + 1] === '*') {
          return j;
        }
        continue;
      }
      if (s[j + 1] === '*') {
        return -1;
      }
      return j;
    }
  }
  return -1;
}

/** Index of the `}` matching the `{` at `open` (nesting, `\{` escapes), or -1. */
export function matchBrace(s: string, open: number, to: number): number {
  let depth = 0;
  const limit = Math.min(to, open + 1000);
  for (let j = open; j < limit; j++) {
    const ch = s[j];
    if (ch === '\\') {
      j++;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) {
        return j;
      }
    } else if (ch === '\n' && s[j + 1] === '\n') {
      return -1;
    }
  }
  return -1;
}

export function codePointLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

/** Length of the digits at `from` (after an optional minus sign when `signed`), 0 when none. */
export function digitRun(s: string, from: number, to: number, signed: boolean): number {
  let j = from;
  if (signed && (s[j] === '-' || s[j] === '−')) {
    j++;
  }
  const start = j;
  while (j < to && s[j] >= '0' && s[j] <= '9') {
    j++;
  }
  return j > start ? j - from : 0;
}
