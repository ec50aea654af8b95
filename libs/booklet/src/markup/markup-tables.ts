// The vocabulary of the abstract markup: which HTML tags do what, which LaTeX commands print as
// which Unicode characters, and the Unicode sub/superscript characters of plain lines.

export const BLOCK_TAGS = new Set(['p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'table', 'dl', 'dt', 'dd', 'section', 'article', 'center', 'hr']);
export const DROP_TAGS = new Set(['span', 'font', 'a', 'u', 'ins', 'del', 's', 'strike', 'small', 'big', 'tt', 'code', 'kbd', 'samp', 'var', 'abbr', 'acronym', 'cite', 'q', 'mark', 'tbody', 'thead', 'tfoot', 'td', 'th', 'caption', 'img', 'html', 'body', 'head', 'title', 'meta', 'link', 'label', 'wbr', 'nobr', 'o', 'm', 'math', 'mi', 'mo', 'mn', 'mrow', 'col', 'colgroup', 'figure', 'figcaption', 'main', 'header', 'footer', 'nav', 'aside', 'address', 'time', 'bdi', 'bdo', 'dfn']);
export const CONTENT_DROP_TAGS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'svg', 'template', 'noscript', 'textarea', 'select', 'button', 'form', 'input']);

/** LaTeX commands rendered as Unicode (text and math mode). */
export const SYMBOLS: Record<string, string> = {
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
export const UNWRAP = new Set(['mathrm', 'text', 'textrm', 'mathit', 'mathbf', 'mathsf', 'mathtt', 'mathcal', 'mathbb', 'operatorname', 'textnormal', 'mbox', 'hbox', 'rm', 'mathnormal', 'boldsymbol', 'bm', 'vec', 'textup']);
export const ITALIC_CMDS = new Set(['textit', 'emph', 'textsl']);
export const BOLD_CMDS = new Set(['textbf']);

export const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ',
};
export const SUBSCRIPT: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', o: 'ₒ', x: 'ₓ', h: 'ₕ', k: 'ₖ',
  l: 'ₗ', m: 'ₘ', n: 'ₙ', p: 'ₚ', s: 'ₛ', t: 'ₜ', i: 'ᵢ', r: 'ᵣ', u: 'ᵤ', v: 'ᵥ', j: 'ⱼ',
};
