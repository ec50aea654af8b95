import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { BinaryRefDto, IsOmittable } from '../../inputs/binary-ref.dto.js';

export const MAX_PAPERS = 5000;
const MAX_PAGE_SIZES = 20;
const MAX_TYPES = 100;
const MAX_PAGE_LIMIT = 10_000;
/** 200 in: the largest page size PDF allows (14,400 units). */
const MAX_PAGE_PT = 14_400;

/** One paper: who it is, and where its PDF is (`url` + `headers`, fetched with the server's limits). */
export class PaperRefDto extends BinaryRefDto {
  @JSONSchema({ description: 'Unique within the request (e.g. the Indico contribution id); names the paper in the result' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  id: string;

  @JSONSchema({ description: 'Programme code, e.g. MOP01' })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  code?: string;

  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  title?: string;

  @JSONSchema({ description: 'Contribution type (as in Indico); selects a limit of rules.maxPagesByType' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  type?: string;
}

export class PageSizeRuleDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @JSONSchema({ description: 'Points (1/72 in), as the page is displayed' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(MAX_PAGE_PT)
  width: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(MAX_PAGE_PT)
  height: number;
}

function pageLimitsProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'maxPagesByType must be an object of contribution type names to page limits';
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_TYPES) {
    return `maxPagesByType must have at most ${MAX_TYPES} entries`;
  }
  for (const [type, limit] of entries) {
    if (type.length === 0 || type.length > 200) {
      return 'maxPagesByType: a contribution type name must have 1 to 200 characters';
    }
    if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_PAGE_LIMIT) {
      return `maxPagesByType.${type.slice(0, 50)} must be an integer from 1 to ${MAX_PAGE_LIMIT}`;
    }
  }
  return undefined;
}

/** The rules; every one optional (defaults: JACoW's requirements, see docs/papers-check.md). */
export class PaperRulesDto {
  @JSONSchema({ description: 'Accepted page sizes; default [{ name: "JACoW", width: 595, height: 792 }]' })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PAGE_SIZES)
  @ValidateNested({ each: true })
  @Type(() => PageSizeRuleDto)
  pageSizes?: PageSizeRuleDto[];

  @JSONSchema({ description: 'Accepted difference per side, in points; default 3' })
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(72)
  tolerancePt?: number;

  @JSONSchema({ description: 'Page limit for every paper; default none' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  maxPages?: number;

  @JSONSchema({
    description: 'Contribution type → page limit (overrides maxPages for that type)',
    type: 'object',
    maxProperties: MAX_TYPES,
    propertyNames: { minLength: 1, maxLength: 200 },
    additionalProperties: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT },
  } as never)
  @IsOmittable()
  @ValidateBy({ name: 'isPageLimits', validator: { validate: (v: unknown) => pageLimitsProblem(v) === undefined, defaultMessage: (args) => pageLimitsProblem(args?.value) ?? 'maxPagesByType is invalid' } })
  maxPagesByType?: Record<string, number>;

  @JSONSchema({ description: 'Highest accepted PDF version; default "1.7"' })
  @IsOmittable()
  @IsString()
  @Matches(/^[12]\.\d$/, { message: 'maxPdfVersion must be a PDF version such as "1.7" or "2.0"' })
  maxPdfVersion?: string;

  @JSONSchema({ description: 'Accept Type 3 fonts without a warning; default false' })
  @IsOmittable()
  @IsBoolean()
  allowType3?: boolean;
}

export class PapersCheckInputDto {
  @JSONSchema({ description: `The papers, 1 to ${MAX_PAPERS}` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PAPERS)
  @ValidateNested({ each: true })
  @Type(() => PaperRefDto)
  papers: PaperRefDto[];

  @IsOmittable()
  @ValidateNested()
  @Type(() => PaperRulesDto)
  rules?: PaperRulesDto;
}
