import { stripInvalidXml } from '../xml/xml-text.js';

const ASCII = /^[\x00-\x7F]*$/;
/** Printable ASCII words separated by single spaces: already a clean line. */
const CLEAN_LINE = /^(?:[!-~]+ )*[!-~]+$/;

/** Removes XML-invalid characters, normalises line ends to `\n` and Unicode to NFC. */
export function cleanText(value: string): string {
  const s = stripInvalidXml(value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value);
  return ASCII.test(s) ? s : s.normalize('NFC');
}

/** A single line of plain text (names, titles): invalid characters out, whitespace collapsed. */
export function cleanLine(value: string): string {
  if (value === '' || CLEAN_LINE.test(value)) {
    return value;
  }
  return cleanText(value).replace(/\s+/g, ' ').trim();
}
