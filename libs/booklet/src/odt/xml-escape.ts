// XML escaping for every piece of text the ODT writer prints. The model's strings are already
// clean, but the writer stays defensive: XML-invalid characters and lone surrogates are dropped.

/** Anything that needs work: markup characters, XML-invalid control characters, surrogates. */
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MARKUP = /[&<>"]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const entity = (ch: string): string => ENTITY[ch];

/**
 * Escapes text for XML character data and double-quoted attribute values. Fast path: a string
 * without anything to change (the common case) is returned as is after one regex test.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) {
    return text;
  }
  return text.replace(INVALID, '').replace(MARKUP, entity);
}
