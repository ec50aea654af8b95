import { IsString, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const MAX_URL_CHARS = 2048;
const MAX_HEADERS = 20;
const MAX_HEADER_NAME_CHARS = 100;
const MAX_HEADER_VALUE_CHARS = 8192;

// RFC 7230 token.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible ASCII, space and tab (no CR/LF: no header injection).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
// Headers that describe the connection or the body, not the request: never from a client.
const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect']);

/**
 * Like `@IsOptional()` but only for a missing property: `null` is validated, and refused (the run
 * reads options with `=== undefined`; a `timezone: null` must not reach the engine).
 */
export const IsOmittable = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Why `headers` is not a usable header map, or `undefined`. */
export function headersProblem(headers: unknown): string | undefined {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    return 'headers must be an object of header names to string values';
  }
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) {
    return `headers must have at most ${MAX_HEADERS} entries`;
  }
  for (const [name, v] of entries) {
    if (name.length > MAX_HEADER_NAME_CHARS || !HEADER_NAME.test(name)) {
      return `headers: ${JSON.stringify(name.slice(0, 50))} is not a valid header name`;
    }
    if (FORBIDDEN_HEADERS.has(name.toLowerCase()) || name.toLowerCase().startsWith('proxy-')) {
      return `headers: ${name} cannot be set`;
    }
    if (typeof v !== 'string') {
      return `headers.${name} must be a string`;
    }
    if (v.length > MAX_HEADER_VALUE_CHARS || !HEADER_VALUE.test(v)) {
      return `headers.${name} must be at most ${MAX_HEADER_VALUE_CHARS} characters without line breaks`;
    }
  }
  return undefined;
}

/** A binary input the server fetches: `{ url, headers? }`. */
export class BinaryRefDto {
  @JSONSchema({ description: 'An absolute http(s) URL without credentials; the server fetches it (size, time and address limits apply)', format: 'uri', pattern: '^https?://' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_URL_CHARS)
  @ValidateBy({ name: 'isHttpUrl', validator: { validate: isHttpUrl, defaultMessage: () => 'url must be an absolute http(s) URL' } })
  url: string;

  @JSONSchema({
    description: 'Request headers, e.g. Authorization; never sent to another origin after a redirect',
    type: 'object',
    maxProperties: MAX_HEADERS,
    propertyNames: { pattern: HEADER_NAME.source, maxLength: MAX_HEADER_NAME_CHARS },
    additionalProperties: { type: 'string', maxLength: MAX_HEADER_VALUE_CHARS, pattern: HEADER_VALUE.source },
  } as never)
  @IsOmittable()
  @ValidateBy({ name: 'isHeaderMap', validator: { validate: (v: unknown) => headersProblem(v) === undefined, defaultMessage: (args) => headersProblem(args?.value) ?? 'headers are invalid' } })
  headers?: Record<string, string>;
}
