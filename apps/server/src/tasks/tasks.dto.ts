import { TaskStatus, type ListPayload, type SubmitOptions, type SubmitPayload, type TaskRefPayload } from '@jpsp/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { validateDto } from '../common/validate-dto.js';

/**
 * Like `@IsOptional()` but only for a missing property: `null` is validated (and refused), since
 * the service reads these with `=== undefined` (`options: null` used to crash the submit with
 * INTERNAL, `idempotencyKey: null` became the key "null").
 */
const IsOmittable = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

export class SubmitOptionsDto implements SubmitOptions {
  @ApiPropertyOptional({ description: 'Same key under the same API key, while the task is live or its result unexpired, returns the existing task', maxLength: 200, example: 'booklet:44:9f86d081…' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey?: string;

  @ApiPropertyOptional({ description: "Timeout for this run in ms (default: the task's; at most the server's maximum)", minimum: 100 })
  @IsOmittable()
  @IsInt()
  @Min(100)
  @Max(24 * 60 * 60_000)
  timeoutMs?: number;

  @ApiPropertyOptional({ description: 'Who asks (e.g. the Indico user who clicked): kept in the snapshot, shown in lists, logged', maxLength: 200, example: 'Jane Doe' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'submitter must not be empty or hold control characters' })
  submitter?: string;

  @ApiPropertyOptional({ description: 'Tasks of the same API key with the same lock key never run at the same time: a later one waits as queued (with its position, cancellable)', maxLength: 200, example: 'event:44' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'lockKey must not be empty or hold control characters' })
  lockKey?: string;
}

export class SubmitTaskDto implements SubmitPayload {
  @ApiProperty({ description: 'Task name from the catalog', example: 'abstract-booklet' })
  @IsString()
  @MaxLength(64)
  task: string;

  @ApiProperty({ description: "The task's whole input; its JSON Schema is in the catalog", type: 'object', additionalProperties: true })
  @IsDefined()
  input: unknown;

  @ApiPropertyOptional({ type: SubmitOptionsDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => SubmitOptionsDto)
  options?: SubmitOptionsDto;
}

/**
 * Validates a submit envelope without deep-copying `input` into the DTO: the task's own input DTO
 * and `validate()` check the input (shape, depth, reserved keys, types) right after, on the raw
 * value. Copying a 12 MB IPAC-sized event here held the main thread for ~0.2 s per submit.
 */
export function parseSubmit(body: unknown): SubmitTaskDto {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('input' in body)) {
    return validateDto(SubmitTaskDto, body);
  }
  const { input, ...envelope } = body as Record<string, unknown>;
  const dto = validateDto(SubmitTaskDto, { ...envelope, input: input !== null && typeof input === 'object' ? {} : input });
  dto.input = input;
  return dto;
}

export class TaskRefDto implements TaskRefPayload {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  taskId: string;
}

/** A cursor is opaque to clients: base64url of `<createdAt ms>.<taskId>`. */
export const CURSOR = /^[A-Za-z0-9_-]{1,120}$/;

/** `task:list` payload and `GET /api/runs` query (REST sends `limit` as a string). */
export class ListDto implements ListPayload {
  @ApiPropertyOptional({ enum: Object.values(TaskStatus) })
  @IsOmittable()
  @IsIn(Object.values(TaskStatus))
  status?: TaskStatus;

  @ApiPropertyOptional({ description: 'Only runs of this task', maxLength: 64 })
  @IsOmittable()
  @IsString()
  @MaxLength(64)
  task?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOmittable()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOmittable()
  @IsString()
  @Matches(CURSOR, { message: 'cursor must be a nextCursor returned by the server' })
  cursor?: string;
}

/** `task:catalog` takes no arguments: `{}` (anything else is refused). */
export class CatalogDto {}
