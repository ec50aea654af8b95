// A small, strict XML well-formedness and namespace check (no DTD support: ODF has none).
// Used to reject an unusable custom styles template before it is merged into a booklet,
// and by the tests on every part the writer produces.
import { hasInvalidXml } from '../xml/xml-text.js';

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Returns null when `xml` is well-formed with every prefix declared, else a short reason. */
export function xmlProblem(xml: string): string | null {
  let i = 0;
  const n = xml.length;
  const stack: { name: string; ns: Map<string, string> | null }[] = [];
  let scope: Map<string, string>[] = [new Map([['xml', XML_NS]])];
  let sawRoot = false;
  const fail = (why: string): string => {
    const line = xml.slice(0, i).split('\n').length;
    return `${why} (line ${line})`;
  };
  const declared = (prefix: string): boolean => scope.some((m) => m.has(prefix));
  if (xml.startsWith('\uFEFF')) {
    i = 1;
  }
  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end < 0) {
      return fail('unterminated XML declaration');
    }
    i = end + 2;
  }
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      if (stack.length === 0 && text.trim() !== '') {
        return fail('text outside the root element');
      }
      const bad = checkText(text);
      if (bad) {
        return fail(bad);
      }
    }
    if (lt < 0) {
      break;
    }
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) {
        return fail('unterminated comment');
      }
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) {
        return fail('CDATA outside the root element');
      }
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) {
        return fail('unterminated CDATA section');
      }
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) {
        return fail('unterminated processing instruction');
      }
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      return fail('DOCTYPE or declaration not allowed');
    } else if (xml.startsWith('</', i)) {
      const end = xml.indexOf('>', i);
      if (end < 0) {
        return fail('unterminated end tag');
      }
      const name = xml.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) {
        return fail(`end tag </${name}> does not match <${open?.name ?? ''}>`);
      }
      if (open.ns) {
        scope = scope.slice(0, -1);
      }
      i = end + 1;
    } else {
      // start tag: name, attributes, optional self-closing
      let j = i + 1;
      while (j < n && !/[\s/>]/.test(xml[j])) {
        j++;
      }
      const name = xml.slice(i + 1, j);
      if (!NAME.test(name)) {
        return fail(`bad element name "${name}"`);
      }
      if (stack.length === 0 && sawRoot) {
        return fail('second root element');
      }
      const attrs = new Map<string, string>();
      let closed = false;
      for (;;) {
        while (j < n && /\s/.test(xml[j])) {
          j++;
        }
        if (j >= n) {
          return fail(`unterminated start tag <${name}>`);
        }
        if (xml[j] === '>') {
          j++; break;
        }
        if (xml.startsWith('/>', j)) {
          j += 2; closed = true; break;
        }
        const eq = xml.indexOf('=', j);
        if (eq < 0) {
          return fail(`attribute without value in <${name}>`);
        }
        const attr = xml.slice(j, eq).trim();
        if (!NAME.test(attr)) {
          return fail(`bad attribute name "${attr}" in <${name}>`);
        }
        if (attrs.has(attr)) {
          return fail(`duplicate attribute ${attr} in <${name}>`);
        }
        let k = eq + 1;
        while (k < n && /\s/.test(xml[k])) {
          k++;
        }
        const quote = xml[k];
        if (quote !== '"' && quote !== "'") {
          return fail(`unquoted attribute ${attr} in <${name}>`);
        }
        const close = xml.indexOf(quote, k + 1);
        if (close < 0) {
          return fail(`unterminated attribute ${attr}`);
        }
        const value = xml.slice(k + 1, close);
        if (value.includes('<')) {
          return fail(`"<" in attribute ${attr}`);
        }
        const bad = checkText(value);
        if (bad) {
          return fail(`${bad} in attribute ${attr}`);
        }
        attrs.set(attr, value);
        j = close + 1;
        if (j < n && !/[\s/>]/.test(xml[j])) {
          return fail(`no space between attributes in <${name}>`);
        }
      }
      let ns: Map<string, string> | null = null;
      for (const [attr, value] of attrs) {
        if (attr.startsWith('xmlns:')) {
          (ns ??= new Map()).set(attr.slice(6), value);
        }
      }
      if (ns) {
        scope = [...scope, ns];
      }
      const prefixOf = (q: string): string | null => (q.includes(':') ? (q.split(':')[0]) : null);
      const ep = prefixOf(name);
      if (ep && !declared(ep)) {
        return fail(`undeclared prefix "${ep}" on <${name}>`);
      }
      for (const attr of attrs.keys()) {
        const ap = prefixOf(attr);
        if (ap && ap !== 'xmlns' && !declared(ap)) {
          return fail(`undeclared prefix "${ap}" on attribute ${attr}`);
        }
      }
      sawRoot = true;
      if (closed) {
        if (ns) {
          scope = scope.slice(0, -1);
        }
      } else {
        stack.push({ name, ns });
      }
      i = j;
    }
  }
  if (stack.length) {
    return fail(`unclosed element <${stack[stack.length - 1]?.name}>`);
  }
  if (!sawRoot) {
    return fail('no root element');
  }
  return null;
}

const REF = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;
const SUSPECT = /[&\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|]]>/;

function checkText(text: string): string | null {
  if (!SUSPECT.test(text)) {
    return null;
  }
  if (text.includes(']]>')) {
    return '"]]>" in text';
  }
  if (hasInvalidXml(text)) {
    return 'XML-invalid character';
  }
  for (let a = text.indexOf('&'); a >= 0; a = text.indexOf('&', a + 1)) {
    REF.lastIndex = a;
    if (!REF.test(text)) {
      return `bad entity reference near "${text.slice(a, a + 12)}"`;
    }
  }
  return null;
}
