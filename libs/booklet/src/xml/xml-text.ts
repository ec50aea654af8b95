// The one rule for text in the ODT and DOCX parts: which characters XML 1.0 can hold, and how
// model text is escaped. Every writer (and the input cleaning in markup/) uses these.

/** Characters XML 1.0 cannot hold: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A cheap pre-test for INVALID_XML (a surrogate pair passes it, then the exact rule decides). */
const MAYBE_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/** Anything `escapeXml` changes. */
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const MARKUP = /[&<>"]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const entity = (ch: string): string => ENTITY[ch];

/** True when `text` holds a character XML cannot hold. */
export function hasInvalidXml(text: string): boolean {
  if (!MAYBE_INVALID.test(text)) {
    return false;
  }
  INVALID_XML.lastIndex = 0;
  return INVALID_XML.test(text);
}

/** `text` without the characters XML cannot hold. */
export function stripInvalidXml(text: string): string {
  return MAYBE_INVALID.test(text) ? text.replace(INVALID_XML, '') : text;
}

/**
 * Escapes text for XML character data and double-quoted attribute values, dropping what XML
 * cannot hold. Fast path: a string without anything to change (the common case) is returned as
 * is after one regex test.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) {
    return text;
  }
  return stripInvalidXml(text).replace(MARKUP, entity);
}
