import type { RichParagraph, Run } from './model.js';

/**
 * Abstract text → paragraphs of runs, rendering a SAFE SUBSET and printing everything else as
 * literal text (the writers escape it; input never becomes markup):
 * - paragraphs: blank lines, HTML `<p>`/`<div>`/`<li>`/headings; line breaks: a single newline,
 *   `<br>`, LaTeX `\\`;
 * - bold: `<b>`, `<strong>`, Markdown `**x**`; italic: `<i>`, `<em>`, Markdown `*x*`;
 * - superscript/subscript: `<sup>`/`<sub>`, LaTeX `^{…}`/`_{…}` (also `^x`/`_x` inside `$…$`);
 * - LaTeX Greek letters and common symbols (`\mu`, `\times`, `\leq`, `^\circ`, `\AA`…) as Unicode;
 *   `\mathrm{…}`, `\text{…}` and braces unwrap; `$` delimiters disappear;
 * - other HTML tags (`<span …>`, `<font>`, `<a>`): the tag is dropped, its text kept;
 *   `<script>`/`<style>`: dropped with their content; HTML comments dropped;
 * - a `<` that does not open a known HTML tag (`a < b`, `<220>`) stays literal, as do unknown
 *   entities, unknown LaTeX commands and unmatched `$`, `*`, `_`, `^`.
 */
export function parseAbstract(text: string): RichParagraph[] {
  const s = cleanText(text);
  if (s.trim() === '') {
    return [];
  }
  const p = new Parser(s);
  p.parse(0, s.length, false);
  return p.finish();
}

// XML 1.0 forbids these characters; lone surrogates cannot be encoded in UTF-8.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_CLEAN = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Removes XML-invalid characters, normalises line ends to `\n` and Unicode to NFC. */
export function cleanText(value: string): string {
  let s = value;
  if (NEEDS_CLEAN.test(s)) {
    s = s.replace(/\r\n?/g, '\n').replace(INVALID_XML, '');
  }
  return ASCII.test(s) ? s : s.normalize('NFC');
}

const ASCII = /^[\x00-\x7F]*$/;
/** Printable ASCII words separated by single spaces: already a clean line. */
const CLEAN_LINE = /^(?:[!-~]+ )*[!-~]+$/;

/** A single line of plain text (names, titles): invalid characters out, whitespace collapsed. */
export function cleanLine(value: string): string {
  if (value === '' || CLEAN_LINE.test(value)) {
    return value;
  }
  return cleanText(value).replace(/\s+/g, ' ').trim();
}

interface Fmt {
  bold: number;
  italic: number;
  /** 1 = sup, -1 = sub, 0 = baseline (innermost wins). */
  shift: number[];
}

const SPECIAL = /[<&$\\_^*\n]/g;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]{0,15})((?:\s+[^<>]*?)?)\s*(\/?)>/y;
const COMMENT = /<!--[\s\S]*?-->/y;
const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/y;
const COMMAND = /\\([a-zA-Z]+|.)/y;

const BLOCK_TAGS = new Set(['p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'table', 'dl', 'dt', 'dd', 'section', 'article', 'center', 'hr']);
const DROP_TAGS = new Set(['span', 'font', 'a', 'u', 'ins', 'del', 's', 'strike', 'small', 'big', 'tt', 'code', 'kbd', 'samp', 'var', 'abbr', 'acronym', 'cite', 'q', 'mark', 'tbody', 'thead', 'tfoot', 'td', 'th', 'caption', 'img', 'html', 'body', 'head', 'title', 'meta', 'link', 'label', 'wbr', 'nobr', 'o', 'm', 'math', 'mi', 'mo', 'mn', 'mrow', 'col', 'colgroup', 'figure', 'figcaption', 'main', 'header', 'footer', 'nav', 'aside', 'address', 'time', 'bdi', 'bdo', 'dfn']);
const CONTENT_DROP_TAGS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'svg', 'template', 'noscript', 'textarea', 'select', 'button', 'form', 'input']);

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', ndash: '–', mdash: '—', hellip: '…',
  laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', deg: '°', plusmn: '±', times: '×',
  divide: '÷', micro: 'µ', middot: '·', copy: '©', reg: '®', trade: '™', euro: '€', pound: '£', sect: '§',
  para: '¶', le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞', minus: '−', prime: '′', Prime: '″',
  rarr: '→', larr: '←', harr: '↔', uarr: '↑', darr: '↓', sup2: '²', sup3: '³', sup1: '¹', frac12: '½', frac14: '¼', frac34: '¾',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', iota: 'ι', kappa: 'κ',
  lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', omicron: 'ο', pi: 'π', rho: 'ρ', sigma: 'σ', sigmaf: 'ς', tau: 'τ', upsilon: 'υ',
  phi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Alpha: 'Α', Beta: 'Β', Gamma: 'Γ', Delta: 'Δ', Epsilon: 'Ε', Zeta: 'Ζ', Eta: 'Η',
  Theta: 'Θ', Iota: 'Ι', Kappa: 'Κ', Lambda: 'Λ', Mu: 'Μ', Nu: 'Ν', Xi: 'Ξ', Omicron: 'Ο', Pi: 'Π', Rho: 'Ρ', Sigma: 'Σ',
  Tau: 'Τ', Upsilon: 'Υ', Phi: 'Φ', Chi: 'Χ', Psi: 'Ψ', Omega: 'Ω', Aring: 'Å', aring: 'å', szlig: 'ß', thinsp: '\u2009',
  ensp: '\u2002', emsp: '\u2003', shy: '', zwj: '\u200D', zwnj: '\u200C', iexcl: '¡', iquest: '¿', cent: '¢', yen: '¥',
  ordm: 'º', ordf: 'ª', not: '¬', macr: '¯', acute: '´', cedil: '¸', uml: '¨', brvbar: '¦', curren: '¤', bull: '•',
};

/** LaTeX commands rendered as Unicode (text and math mode). */
const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ',
  varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  times: '×', cdot: '·', pm: '±', mp: '∓', div: '÷', approx: '≈', sim: '∼', simeq: '≃', cong: '≅', equiv: '≡',
  neq: '≠', ne: '≠', leq: '≤', le: '≤', geq: '≥', ge: '≥', ll: '≪', gg: '≫', lesssim: '≲', gtrsim: '≳', infty: '∞',
  propto: '∝', partial: '∂', nabla: '∇', circ: '∘', degree: '°', prime: '′', to: '→', rightarrow: '→', leftarrow: '←',
  leftrightarrow: '↔', Rightarrow: '⇒', Leftarrow: '⇐', Leftrightarrow: '⇔', uparrow: '↑', downarrow: '↓', mapsto: '↦',
  ell: 'ℓ', hbar: 'ℏ', AA: 'Å', angstrom: 'Å', perp: '⊥', parallel: '∥', sum: '∑', prod: '∏', int: '∫', oint: '∮',
  sqrt: '√', langle: '⟨', rangle: '⟩', cdots: '⋯', ldots: '…', dots: '…', in: '∈', notin: '∉', subset: '⊂', cup: '∪',
  cap: '∩', forall: '∀', exists: '∃', emptyset: '∅', Re: 'ℜ', Im: 'ℑ', aleph: 'ℵ', star: '⋆', ast: '∗', dagger: '†',
  ddagger: '‡', bullet: '•', oplus: '⊕', otimes: '⊗', vee: '∨', wedge: '∧', neg: '¬', textdegree: '°', textmu: 'µ',
  textasciitilde: '~', textbackslash: '\\', ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', l: 'ł', L: 'Ł', S: '§', P: '¶',
  copyright: '©', pounds: '£', euro: '€', deg: '°', permil: '‰', textperthousand: '‰', quad: '\u2003', qquad: '\u2003\u2003',
  '%': '%', '&': '&', $: '$', '#': '#', _: '_', '{': '{', '}': '}', ',': '\u2009', ';': '\u2005', ':': '\u2005', '!': '', ' ': ' ',
};
/** Commands whose braced argument is printed as is (font switches in math). */
const UNWRAP = new Set(['mathrm', 'text', 'textrm', 'mathit', 'mathbf', 'mathsf', 'mathtt', 'mathcal', 'mathbb', 'operatorname', 'textnormal', 'mbox', 'hbox', 'rm', 'mathnormal', 'boldsymbol', 'bm', 'vec', 'textup']);
const ITALIC_CMDS = new Set(['textit', 'emph', 'textsl']);
const BOLD_CMDS = new Set(['textbf']);

class Parser {
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
          const decoded = decodeEntity(m[1]);
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

function decodeEntity(body: string): string | undefined {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return undefined;
    }
    if (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) {
      return '';
    }
    if (code === 0xfffe || code === 0xffff) {
      return '';
    }
    return String.fromCodePoint(code);
  }
  return Object.prototype.hasOwnProperty.call(ENTITIES, body) ? ENTITIES[body] : undefined;
}

/**
 * Closing `$` of an inline math span opened before `open` (pandoc's rule: the opening `$` has a
 * non-space right after it, the closing one a non-space before it and no digit after it), in the
 * same paragraph and at most 400 characters away. -1 = not math (the `$` is literal).
 */
function findMathClose(s: string, open: number, to: number, display: boolean): number {
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
function findEmphasisClose(s: string, open: number, to: number, double: boolean): number {
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
function matchBrace(s: string, open: number, to: number): number {
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

function codePointLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ',
};
const SUBSCRIPT: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', o: 'ₒ', x: 'ₓ', h: 'ₕ', k: 'ₖ',
  l: 'ₗ', m: 'ₘ', n: 'ₙ', p: 'ₚ', s: 'ₛ', t: 'ₜ', i: 'ᵢ', r: 'ᵣ', u: 'ᵤ', v: 'ᵥ', j: 'ⱼ',
};
const MAYBE_MARKUP = /[<&$\\_^*]/;

/**
 * A one-line text that may carry the abstract markup (titles: "(TaSe$_4$)$_2$I", "CO<sub>2</sub>")
 * as plain text: the same safe subset, sub/superscripts as Unicode sub/superscript characters
 * when every character has one ("(TaSe₄)₂I"), else as the plain characters; no bold or italic.
 */
export function plainLine(value: string): string {
  const line = cleanLine(value);
  if (!MAYBE_MARKUP.test(line)) {
    return line;
  }
  const out: string[] = [];
  for (const para of parseAbstract(line)) {
    if (out.length > 0) {
      out.push(' ');
    }
    for (const run of para) {
      if (run.br) {
        out.push(' ');
        continue;
      }
      const table = run.sup ? SUPERSCRIPT : run.sub ? SUBSCRIPT : undefined;
      if (table && [...run.text].every((ch) => ch in table)) {
        out.push([...run.text].map((ch) => table[ch]).join(''));
      } else {
        out.push(run.text);
      }
    }
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}
