// Look-ahead scans of the markup parser: where a math span, an emphasis or a brace group ends.

/**
 * Closing `$` of an inline math span opened before `open` (pandoc's rule: the opening `$` has a
 * non-space right after it, the closing one a non-space before it and no digit after it), in the
 * same paragraph and at most 400 characters away. -1 = not math (the `$` is literal).
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
      const before = s[j - 1];
      const after = s[j + 1];
      if (j === open || before === ' ' || before === '\n' || before === '\t') {
        return -1;
      }
      if (after !== undefined && after >= '0' && after <= '9') {
        return -1;
      }
      return j;
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
