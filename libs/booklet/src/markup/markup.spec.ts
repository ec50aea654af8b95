import { describe, expect, it } from 'vitest';
import { cleanText, parseAbstract, plainLine } from './markup.js';
import type { RichParagraph } from '../model.js';

/** Compact rendering of runs for assertions: ^{sup} _{sub} *italic* **bold** ⏎ for breaks. */
function show(paras: RichParagraph[]): string {
  return paras
    .map((runs) =>
      runs
        .map((r) => {
          if (r.br) {
            return '⏎';
          }
          let t = r.text;
          if (r.sup) {
            t = `^{${t}}`;
          }
          if (r.sub) {
            t = `_{${t}}`;
          }
          if (r.italic) {
            t = `*${t}*`;
          }
          if (r.bold) {
            t = `**${t}**`;
          }
          return t;
        })
        .join(''),
    )
    .join(' ¶ ');
}

const render = (s: string) => show(parseAbstract(s));

describe('parseAbstract: the safe markup subset', () => {
  it('renders LaTeX sub- and superscripts in math and with braces', () => {
    expect(render('Bi$_2$Se$_3$ films')).toBe('Bi_{2}Se_{3} films');
    expect(render('Bi$_{2}$Se$_{3}$')).toBe('Bi_{2}Se_{3}');
    expect(render('a flux of 10$^{12}$ photons')).toBe('a flux of 10^{12} photons');
    expect(render('H_{2}O and E=mc^{2}')).toBe('H_{2}O and E=mc^{2}');
    expect(render('$x^2 + y_i$')).toBe('x^{2} + y_{i}');
  });

  it('renders HTML sub/sup/i/em/b/strong and br', () => {
    expect(render('CO<sub>2</sub> and 10<sup>-6</sup>')).toBe('CO_{2} and 10^{-6}');
    expect(render('<i>in situ</i> and <em>ex</em> <b>bold</b> <STRONG>strong</STRONG>')).toBe('*in situ* and *ex* **bold** **strong**');
    expect(render('one<br>two<br/>three<BR />four')).toBe('one⏎two⏎three⏎four');
  });

  it('renders Markdown bold and italic, conservatively', () => {
    expect(render('a **strong** claim and an *italic* one')).toBe('a **strong** claim and an *italic* one');
    expect(render('5 * 3 = 15 and 2 * 4')).toBe('5 * 3 = 15 and 2 * 4');
    expect(render('footnote*')).toBe('footnote*');
  });

  it('turns common LaTeX Greek letters and symbols into Unicode', () => {
    expect(render('$\\ell \\neq 0$')).toBe('ℓ ≠ 0');
    expect(render('a 10 \\mu m beam')).toBe('a 10 μ m beam');
    expect(render('$\\alpha\\beta\\gamma \\Delta \\Omega$')).toBe('αβγ Δ Ω');
    expect(render('$5 \\times 10^{-3}$ at 20$^\\circ$C, $\\leq$ 3 \\AA')).toBe('5 × 10^{-3} at 20°C, ≤ 3 Å');
    expect(render('$\\mathrm{MeV}/c^2$ and $\\sigma_{z}$')).toBe('MeV/c^{2} and σ_{z}');
    expect(render('$\\frac{1}{2}$ and $\\sqrt{2}$')).toBe('1/2 and √2');
  });

  it('never prints raw math delimiters, but keeps a lone dollar', () => {
    expect(render('costs $5 million')).toBe('costs $5 million');
    expect(render('between $5 and $10')).toBe('between $5 and $10');
    // Dollars that pair up are never printed, even where pandoc's rule would not pair them
    // (FEL2022 and IPAC abstracts): a closing $ before a digit, or after a space.
    expect(render('cooled to $\\sim$100 μK')).toBe('cooled to ∼100 μK');
    expect(render('$∼$100 μK')).toBe('∼100 μK');
    expect(render('T$_{CDW} $= 263 K')).toBe('T_{CDW} = 263 K');
    // Outside math, ^ and _ with digits right after a word or a number are shifted too.
    expect(render('10^22 photons, 10^-6 torr, T_1 and T_{2}')).toBe('10^{22} photons, 10^{-6} torr, T_{1} and T_{2}');
    expect(render('a ^ b, x^y, file _2 and ^5')).toBe('a ^ b, x^y, file _2 and ^5');
    expect(render('$_2$')).toBe('_{2}');
    expect(render('$$E = mc^2$$')).toBe('E = mc^{2}');
  });

  it('keeps a < that does not open a tag, and unknown tags and entities as text', () => {
    expect(render('a < b and c > d')).toBe('a < b and c > d');
    expect(render('the <220> direction')).toBe('the <220> direction');
    expect(render('x<y and <E> field')).toBe('x<y and <E> field');
    expect(render('R&D &unknown; &lt;tag&gt; &#946; &#x3B3; &amp;')).toBe('R&D &unknown; <tag> β γ &');
    expect(render('\\unknowncommand stays')).toBe('\\unknowncommand stays');
  });

  it('drops other HTML tags but keeps their text; drops script and style with their content', () => {
    expect(render('<span style="color:red">red</span> <font face="x">font</font> <a href="javascript:x">link</a>')).toBe('red font link');
    expect(render('before<script>alert(1)</script>after')).toBe('beforeafter');
    expect(render('a<style>p{color:red}</style>b<!-- comment -->c')).toBe('abc');
  });

  it('splits paragraphs on blank lines and block tags; single newlines are line breaks', () => {
    expect(render('first line\r\nsecond line\r\n\r\nsecond paragraph')).toBe('first line⏎second line ¶ second paragraph');
    expect(render('<p>one</p><p>two</p>')).toBe('one ¶ two');
    expect(render('\n\n  \n')).toBe('');
    expect(parseAbstract('')).toEqual([]);
  });

  it('strips XML-invalid characters and lone surrogates, keeps astral characters', () => {
    expect(render('bad\u0001\u0008\u000B\u001F\uFFFEchars \uD800 and 𝛼 ok')).toBe('badchars  and 𝛼 ok');
    expect(cleanText('e\u0301')).toBe('é');
  });

  it('never lets markup through: text stays text for the writers to escape', () => {
    const paras = parseAbstract('</text:p><w:p>"quoted" & {tag} {#loop}');
    const all = paras.flat().map((r) => r.text).join('');
    expect(all).toBe('</text:p><w:p>"quoted" & {tag} {#loop}');
  });

  it('survives unbalanced and nested formatting', () => {
    expect(render('<b>never closed')).toBe('**never closed**');
    expect(render('</i>closed twice</sup></sub>')).toBe('closed twice');
    expect(render('$a_{b^{c}}$')).toBe('a_{b}^{c}');
    expect(render('_{unclosed')).toBe('_{unclosed');
  });
});

describe('plainLine: titles with markup', () => {
  it('prints sub/superscripts as Unicode characters when they all have one', () => {
    expect(plainLine('Ultrafast Dynamics in (TaSe$_4$)$_2$I')).toBe('Ultrafast Dynamics in (TaSe₄)₂I');
    expect(plainLine('Fluence of 10^22 W/cm^2')).toBe('Fluence of 10²² W/cm²');
    expect(plainLine('CO<sub>2</sub> lasers at 10<sup>-6</sup> mbar')).toBe('CO₂ lasers at 10⁻⁶ mbar');
    expect(plainLine('$\\mu$-bunching of $e^{+}e^{-}$ beams')).toBe('μ-bunching of e⁺e⁻ beams');
  });
  it('keeps the characters when a Unicode form is missing, and plain titles untouched', () => {
    expect(plainLine('$T_{CDW}$ = 263 K')).toBe('TCDW = 263 K');
    expect(plainLine('A  plain\ttitle ')).toBe('A plain title');
    expect(plainLine('a < b & <i>c</i>')).toBe('a < b & c');
  });
});

describe('entities and attributes', () => {
  const text = (input: string) => parseAbstract(input).map((p) => p.map((r) => r.text).join('')).join('\n');

  it('decodes every HTML5 entity (a maintained table), and leaves unknown ones literal', () => {
    expect(text('Caf&eacute; &Aacute;ngstr&ouml;m &frac13; &NotEqualTilde; &#233; &#xE9;')).toBe('Café Ángström ⅓ ≂̸ é é');
    expect(text('AT&T &bogus; &amp')).toBe('AT&T &bogus; &amp');
  });

  it('drops references to characters XML cannot hold', () => {
    expect(text('a&#0;b&#1;c&#xD800;d&#xFFFD;e')).toBe('abcd\uFFFDe');
  });

  it('reads quoted attribute values that hold ">" as part of the tag', () => {
    expect(text('see <a title="x > y" href=\'/a?b=1>2\'>the link</a> here')).toBe('see the link here');
    expect(text('<span style="color:red">red</span> and <font size=3>big</font>')).toBe('red and big');
    expect(text('a <b class="x">bold</b> word')).toBe('a bold word');
  });
});

