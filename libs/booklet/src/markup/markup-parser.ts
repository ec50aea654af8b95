import { decodeHTML } from 'entities';
import type { RichParagraph, Run } from '../model.js';
import { stripInvalidXml } from '../xml/xml-text.js';
import { codePointLength, digitRun, findEmphasisClose, findMathClose, matchBrace } from './markup-scan.js';
import { BLOCK_TAGS, BOLD_CMDS, CONTENT_DROP_TAGS, DROP_TAGS, ITALIC_CMDS, SYMBOLS, UNWRAP } from './markup-tables.js';

interface Fmt {
  bold: number;
  italic: number;
  /** 1 = sup, -1 = sub, 0 = baseline (innermost wins). */
  shift: number[];
}

const SPECIAL = /[<&$\\_^*\n]/g;
/** A tag: name, then attributes whose quoted values may hold `>` (`<a title="x > y">`). */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]{0,15})((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const COMMENT = /<!--[\s\S]*?-->/y;
const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/y;
const COMMAND = /\\([a-zA-Z]+|.)/y;

/** The safe-subset parser behind `parseAbstract` (see markup.ts for what it renders). */
export class Parser {
  private readonly paras: RichParagraph[] = [];
  private runs: Run[] = [];
  private readonly fmt: Fmt = { bold: 0, italic: 0, shift: [] };

  constructor(private readonly s: string) {}

  finish(): RichParagraph[] {
    this.endParagraph();
    return this.paras;
  }

  /** Parses s[from, to) in text mode (or math mode). */
  parse(from: number, to: number, math: boolean): void {
    const s = this.s;
    let i = from;
    while (i < to) {
      SPECIAL.lastIndex = i;
      const m = SPECIAL.exec(s);
      const j = m && m.index < to ? m.index : to;
      if (j > i) {
        this.text(s.slice(i, j), math);
      }
      if (j >= to) {
        return;
      }
      i = this.special(j, to, math);
    }
  }

  /** Handles the special character at `i`; returns the index after what it consumed. */
  private special(i: number, to: number, math: boolean): number {
    const s = this.s;
    const ch = s[i];
    switch (ch) {
      case '\n': {
        let j = i + 1;
        let breaks = 1;
        while (j < to && (s[j] === '\n' || s[j] === ' ' || s[j] === '\t')) {
          if (s[j] === '\n') {
            breaks++;
          }
          j++;
        }
        if (math) {
          this.text(' ', math);
        } else if (breaks >= 2) {
          this.endParagraph();
        } else {
          this.lineBreak();
        }
        return j;
      }
      case '<':
        return this.tag(i, to, math);
      case '&': {
        ENTITY.lastIndex = i;
        const m = ENTITY.exec(s);
        if (m && m.index + m[0].length <= to) {
          const decoded = decodeEntity(m[0]);
          if (decoded !== undefined) {
            this.text(decoded, math);
            return i + m[0].length;
          }
        }
        this.text('&', math);
        return i + 1;
      }
      case '$': {
        if (math) { // stray delimiter inside math: drop
          return i + 1;
        }
        const display = s[i + 1] === '$';
        const open = display ? i + 2 : i + 1;
        const close = findMathClose(s, open, to, display);
        if (close < 0) {
          this.text(display ? '$$' : '$', math);
          return open;
        }
        this.parse(open, close, true);
        return close + (display ? 2 : 1);
      }
      case '\\':
        return this.command(i, to, math);
      case '_':
      case '^': {
        const shift = ch === '^' ? 1 : -1;
        const next = s[i + 1];
        if (next === '{') {
          const close = matchBrace(s, i + 1, to);
          if (close > 0) {
            this.shifted(shift, i + 2, close, math);
            return close + 1;
          }
        } else if (math && i + 1 < to) {
          if (next === '\\') {
            COMMAND.lastIndex = i + 1;
            const m = COMMAND.exec(s);
            if (m && i + 1 + m[0].length <= to) {
              const name = m[1];
              if (shift === 1 && name === 'circ') {
                this.text('°', math);
              } else if (shift === 1 && name === 'prime') {
                this.text('′', math);
              } else {
                this.fmt.shift.push(shift);
                this.command(i + 1, to, math);
                this.fmt.shift.pop();
              }
              return i + 1 + m[0].length;
            }
          } else if (next !== ' ' && next !== '\n') {
            const len = codePointLength(s, i + 1);
            this.shifted(shift, i + 1, i + 1 + len, math);
            return i + 1 + len;
          }
        } else if (!math) { // digits right after a word or number: "10^22", "cm^-3", "T_1"
          const digits = digitRun(s, i + 1, to, shift === 1);
          if (digits > 0 && /[\p{L}\p{N})\]]/u.test(s[i - 1] ?? '')) {
            this.shifted(shift, i + 1, i + 1 + digits, math);
            return i + 1 + digits;
          }
        }
        this.text(ch, math);
        return i + 1;
      }
      case '*': {
        if (math) {
          this.text('*', math);
          return i + 1;
        }
        const double = s[i + 1] === '*';
        const open = double ? i + 2 : i + 1;
        const close = findEmphasisClose(s, open, to, double);
        if (close < 0) {
          this.text(double ? '**' : '*', math);
          return open;
        }
        if (double) {
          this.fmt.bold++;
        } else {
          this.fmt.italic++;
        }
        this.parse(open, close, false);
        if (double) {
          this.fmt.bold--;
        } else {
          this.fmt.italic--;
        }
        return close + (double ? 2 : 1);
      }
      default:
        this.text(ch, math);
        return i + 1;
    }
  }

  private shifted(shift: number, from: number, to: number, math: boolean): void {
    this.fmt.shift.push(shift);
    this.parse(from, to, math);
    this.fmt.shift.pop();
  }

  private tag(i: number, to: number, math: boolean): number {
    const s = this.s;
    COMMENT.lastIndex = i;
    const c = COMMENT.exec(s);
    if (c && c.index + c[0].length <= to) {
      return i + c[0].length;
    }
    TAG.lastIndex = i;
    const m = TAG.exec(s);
    if (!m || m.index + m[0].length > to) {
      this.text('<', math);
      return i + 1;
    }
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    const end = i + m[0].length;
    switch (name) {
      case 'b':
      case 'strong':
        this.fmt.bold = Math.max(0, this.fmt.bold + (closing ? -1 : 1));
        return end;
      case 'i':
      case 'em':
      case 'var':
        this.fmt.italic = Math.max(0, this.fmt.italic + (closing ? -1 : 1));
        return end;
      case 'sup':
      case 'sub':
        if (closing) {
          this.fmt.shift.pop();
        } else {
          this.fmt.shift.push(name === 'sup' ? 1 : -1);
        }
        return end;
      case 'br':
        if (!math) {
          this.lineBreak();
        }
        return end;
    }
    if (BLOCK_TAGS.has(name)) {
      if (!math) {
        this.endParagraph();
      }
      return end;
    }
    if (CONTENT_DROP_TAGS.has(name)) {
      if (closing || m[4] === '/') {
        return end;
      }
      const close = new RegExp(`<\\s*/\\s*${name}\\s*>`, 'ig');
      close.lastIndex = end;
      const cm = close.exec(s);
      return cm && cm.index < to ? cm.index + cm[0].length : to;
    }
    if (DROP_TAGS.has(name)) {
      return end;
    }
    this.text('<', math);
    return i + 1;
  }

  private command(i: number, to: number, math: boolean): number {
    const s = this.s;
    COMMAND.lastIndex = i;
    const m = COMMAND.exec(s);
    if (!m || i + m[0].length > to) {
      this.text('\\', math);
      return i + 1;
    }
    const name = m[1];
    let end = i + m[0].length;
    if (name === '\\') {
      if (math) {
        this.text(' ', math);
      } else {
        this.lineBreak();
      }
      return end;
    }
    const sym = SYMBOLS[name];
    if (sym !== undefined) {
      this.text(sym, math);
      // `\mu m`: LaTeX swallows one space after a command word outside math; keep it readable.
      return end;
    }
    const argued = UNWRAP.has(name) || ITALIC_CMDS.has(name) || BOLD_CMDS.has(name) || name === 'frac' || name === 'sqrt';
    if (argued) {
      while (s[end] === ' ') {
        end++;
      }
      if (s[end] === '{') {
        const close = matchBrace(s, end, to);
        if (close > 0) {
          if (name === 'frac') {
            this.parse(end + 1, close, math);
            let j = close + 1;
            if (s[j] === '{') {
              const close2 = matchBrace(s, j, to);
              if (close2 > 0) {
                this.text('/', math);
                this.parse(j + 1, close2, math);
                j = close2 + 1;
              }
            }
            return j;
          }
          if (name === 'sqrt') {
            this.text('√', math);
          }
          if (ITALIC_CMDS.has(name)) {
            this.fmt.italic++;
          }
          if (BOLD_CMDS.has(name)) {
            this.fmt.bold++;
          }
          this.parse(end + 1, close, math);
          if (ITALIC_CMDS.has(name)) {
            this.fmt.italic--;
          }
          if (BOLD_CMDS.has(name)) {
            this.fmt.bold--;
          }
          return close + 1;
        }
      }
      if (name === 'rm' || name === 'mathrm') {
        return end;
      }
    }
    if (math && (name === 'left' || name === 'right' || name === 'big' || name === 'Big' || name === 'displaystyle' || name === 'limits')) {
      return end;
    }
    // Unknown command: literal text, so nothing is lost.
    this.text(m[0], math);
    return i + m[0].length;
  }

  private text(t: string, math: boolean): void {
    if (t === '') {
      return;
    }
    if (math) {
      // Braces group in math mode and are not printed; `~` is a non-breaking space.
      if (t.includes('{') || t.includes('}') || t.includes('~')) {
        t = t.replace(/[{}]/g, '').replace(/~/g, '\u00A0');
        if (t === '') {
          return;
        }
      }
    }
    const f = this.fmt;
    const shift = f.shift.length > 0 ? f.shift[f.shift.length - 1] : 0;
    const last = this.runs.length > 0 ? this.runs[this.runs.length - 1] : undefined;
    const bold = f.bold > 0;
    const italic = f.italic > 0;
    if (last && !last.br && !!last.bold === bold && !!last.italic === italic && !!last.sup === (shift === 1) && !!last.sub === (shift === -1)) {
      last.text += t;
      return;
    }
    const run: Run = { text: t };
    if (bold) {
      run.bold = true;
    }
    if (italic) {
      run.italic = true;
    }
    if (shift === 1) {
      run.sup = true;
    } else if (shift === -1) {
      run.sub = true;
    }
    this.runs.push(run);
  }

  private lineBreak(): void {
    if (this.runs.length === 0) {
      return;
    }
    this.runs.push({ text: '', br: true });
  }

  private endParagraph(): void {
    const runs = this.runs;
    // Trim breaks and outer whitespace.
    while (runs.length > 0 && runs[runs.length - 1].br) {
      runs.pop();
    }
    if (runs.length > 0) {
      runs[0].text = runs[0].text.replace(/^[ \t]+/, '');
      const last = runs[runs.length - 1];
      last.text = last.text.replace(/[ \t]+$/, '');
      const kept = runs.filter((r) => r.br || r.text !== '');
      if (kept.some((r) => !r.br && r.text.trim() !== '')) {
        this.paras.push(kept);
      }
    }
    this.runs = [];
  }
}

/**
 * An HTML entity or character reference (`&eacute;`, `&#233;`, `&#xE9;`), decoded by the
 * maintained `entities` package (every HTML5 name); undefined when unknown (printed literally).
 * References to characters XML cannot hold print nothing, as does U+FFFD standing for one.
 */
function decodeEntity(reference: string): string | undefined {
  const decoded = decodeHTML(reference);
  if (decoded === reference) {
    return undefined;
  }
  if (decoded === '\uFFFD' && !/^&#(?:65533|x0*fffd);$/i.test(reference)) {
    return '';
  }
  return stripInvalidXml(decoded);
}
