import type { BookletFormat } from '@jpsp/booklet';
// The options module alone: the main thread never loads the writers.
import { INDEX_STYLES, PAGE_SIZES, type IndexStyle, type PageSize } from '@jpsp/booklet/options';
import { Type } from 'class-transformer';
import { TaskError } from '../../common/task-error.js';
import { validateDto } from '../../common/validate-dto.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { BinaryRefDto, IsOmittable } from '../../inputs/binary-ref.dto.js';
import { BOOKLET_FORMATS, DEFAULT_FORMATS, MAX_INLINE_TEMPLATE_BYTES, type BinarySource, type BookletInput, type BookletOptionsInput } from './booklet-input.js';

const MAX_BASE64_CHARS = Math.ceil(MAX_INLINE_TEMPLATE_BYTES / 3) * 4;
const MAX_CUSTOM_FIELDS = 50;
const MAX_CUSTOM_FIELD_CHARS = 200;

// Checked without a quantified group (a backtracking regex over megabytes can exhaust its stack).
const NOT_BASE64_CHAR = /[^A-Za-z0-9+/]/;
const isBase64 = (s: string) => s.length % 4 === 0 && !NOT_BASE64_CHAR.test(s.replace(/={1,2}$/, ''));
/** Why `value` is not a usable binary source, or `undefined` when it is. */
export function binarySourceProblem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (value.length === 0) {
      return 'must not be empty';
    }
    if (value.length > MAX_BASE64_CHARS) {
      return `is larger than the ${MAX_INLINE_TEMPLATE_BYTES}-byte limit for inline templates (pass { url, headers } instead)`;
    }
    if (!isBase64(value)) {
      return 'must be base64 (standard alphabet, padded) or an object { url, headers? }';
    }
    // .docx, .odt and .ott files are ZIP packages: catch a wrong file at submit, not in the run.
    const head = Buffer.from(value.slice(0, 8), 'base64');
    if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b || head[2] !== 0x03 || head[3] !== 0x04) {
      return 'is not a .docx, .odt or .ott file (those are ZIP packages)';
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'must be a base64 string or an object { url, headers? }';
  }
  const problem = dtoProblem(BinaryRefDto, value);
  if (problem !== undefined) {
    return problem;
  }
  const url = new URL((value as BinaryRefDto).url); // parseable: checked by isHttpUrl
  if (url.username || url.password) {
    return 'url must not contain credentials: pass them in headers';
  }
  return undefined;
}

function IsBinarySource(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBinarySource',
      validator: {
        validate: (value: unknown) => binarySourceProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${binarySourceProblem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True for a well-formed BCP 47 tag (`en`, `it`, `fr-CH`, `de-DE`, …). */
export function isLocaleTag(tag: unknown): boolean {
  if (typeof tag !== 'string' || tag.length > 35 || !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(tag)) {
    return false;
  }
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** The first problem the shared DTO validation finds in `value` as a `cls` ("url must be a string"). */
function dtoProblem(cls: new () => object, value: object): string | undefined {
  try {
    validateDto(cls, value);
    return undefined;
  } catch (err) {
    const first = err instanceof TaskError && Array.isArray(err.details) ? err.details[0] : undefined;
    if (!first) {
      throw err;
    }
    return first.reason;
  }
}


/** A template: inline base64, or `{ url, headers? }` (schema: a string, or a `BinaryRefDto`). */
const binarySource = (description: string) =>
  JSONSchema({
    description,
    oneOf: [
      { type: 'string', contentEncoding: 'base64', minLength: 4, maxLength: MAX_BASE64_CHARS, pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'the file (a ZIP package: .docx, .odt, .ott), base64-encoded' },
      { $ref: '#/$defs/BinaryRefDto' },
    ],
  } as never);

export class BookletTemplatesDto {
  @binarySource('Custom .docx template using the documented tags (docs/booklet.md)')
  @IsOmittable()
  @IsBinarySource()
  docx?: BinarySource;

  @binarySource('Custom .odt/.ott whose styles replace the default booklet styles (docs/booklet.md)')
  @IsOmittable()
  @IsBinarySource()
  odt?: BinarySource;
}

export class BookletOptionsDto implements BookletOptionsInput {
  @JSONSchema({ description: "Files to produce (default ['odt','docx']); 'pdf' needs LibreOffice on the server", default: [...DEFAULT_FORMATS], uniqueItems: true })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BOOKLET_FORMATS.length)
  @ArrayUnique()
  @IsIn(BOOKLET_FORMATS, { each: true })
  formats?: BookletFormat[];

  @JSONSchema({ description: "IANA time zone every time is printed in (default: the event's); checked against the server's time zone database", examples: ['Europe/Rome'] })
  @IsOmittable()
  @IsString()
  @MaxLength(64)
  @ValidateBy({ name: 'isTimeZone', validator: { validate: isTimeZone, defaultMessage: () => 'timezone must be an IANA time zone such as Europe/Rome' } })
  timezone?: string;

  @JSONSchema({ description: 'BCP 47 locale for dates, labels and sorting (en, it, fr, de; others fall back to English labels)', examples: ['en', 'it', 'fr', 'de'], pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' })
  @IsOmittable()
  @IsString()
  @MaxLength(35)
  @ValidateBy({ name: 'isLocaleTag', validator: { validate: isLocaleTag, defaultMessage: () => 'locale must be a BCP 47 language tag such as en, it, fr or de-CH' } })
  locale?: string;

  @JSONSchema({ description: 'Print abstracts (default true)', default: true })
  @IsOmittable()
  @IsBoolean()
  includeAbstracts?: boolean;

  @JSONSchema({ description: 'Print poster sessions (default true)', default: true })
  @IsOmittable()
  @IsBoolean()
  includePosters?: boolean;

  @JSONSchema({ description: 'Print the author index (default true)', default: true })
  @IsOmittable()
  @IsBoolean()
  includeAuthorIndex?: boolean;

  @JSONSchema({ description: 'Custom fields to print under each contribution when present', examples: [['Funding Agency']] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_CUSTOM_FIELDS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(MAX_CUSTOM_FIELD_CHARS, { each: true })
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { each: true, message: 'customFields must not contain control characters' })
  customFields?: string[];

  @JSONSchema({ description: 'Page size, with margins and type that suit it (default A4)', default: 'A4' })
  @IsOmittable()
  @IsIn(PAGE_SIZES)
  pageSize?: PageSize;

  @JSONSchema({ description: "What the author index prints after a name: 'codes' (programme codes, default) or 'pages' (page numbers LibreOffice and Word fill in when they open the file)", default: 'codes' })
  @IsOmittable()
  @IsIn(INDEX_STYLES)
  index?: IndexStyle;

  @JSONSchema({ description: 'Custom templates, each as base64 or { url, headers }' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => BookletTemplatesDto)
  template?: BookletTemplatesDto;
}

/** What a DTO instance shows as `event`: the real one is only in the raw input (see below). */
const EVENT_IN_RAW_INPUT: Readonly<Record<string, unknown>> = Object.freeze({});

export class AbstractBookletInputDto implements BookletInput {
  /**
   * The event is checked by the task's `validate()`, deeply and on the raw input (not an object,
   * no event in `results`, a field of the wrong type → `VALIDATION_FAILED` with its path). It is
   * declared as a getter without a setter on purpose: class-transformer skips such a property
   * instead of deep-copying it into the DTO instance (which the service throws away). Copying a
   * 12 MB IPAC-sized export held the server's main thread for about 0.4 s per submit.
   */
  @JSONSchema({ description: 'The Indico export /export/event/<id>.json?detail=sessions: the {count, results: [event]} wrapper or the bare event', additionalProperties: true })
  @IsObject()
  get event(): Record<string, unknown> {
    return EVENT_IN_RAW_INPUT;
  }

  @JSONSchema({ description: 'Booklet options (all optional)' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => BookletOptionsDto)
  options?: BookletOptionsDto;
}
