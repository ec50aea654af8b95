import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CODES, HTTP_STATUS_BY_CODE, TaskStatus, type ErrorCode } from '@jpsp/contracts';

/*
 * The response shapes of the REST API as OpenAPI models, for code generators. The wire types are
 * the interfaces of `@jpsp/contracts`; `test/openapi.spec.ts` validates real responses of a
 * running server against the document, so a model that drifts from what the server sends fails.
 */

export class FieldErrorModel {
  @ApiProperty({ example: 'input.event.title' }) path: string;
  @ApiProperty({ example: 'must be a string' }) reason: string;
}

export class ErrorBodyModel {
  @ApiProperty({ enum: ERROR_CODES }) code: ErrorCode;
  @ApiProperty() message: string;
  @ApiPropertyOptional({
    description: 'VALIDATION_FAILED: the field errors; QUEUE_FULL: { scope, limit, retryAfterMs }; STORAGE_FULL, SHUTTING_DOWN: { retryAfterMs }; RANGE_NOT_SATISFIABLE: { size }',
    oneOf: [{ type: 'array', items: { $ref: '#/components/schemas/FieldErrorModel' } }, { type: 'object', additionalProperties: true }],
  })
  details?: unknown;
}

export class ErrorEnvelopeModel {
  @ApiProperty({ type: ErrorBodyModel }) error: ErrorBodyModel;
}

export class ProgressModel {
  @ApiProperty({ minimum: 0, maximum: 100 }) percent: number;
  @ApiProperty({ example: 'odt' }) phase: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Estimated milliseconds left; absent while unknown' }) etaMs?: number;
}

export class ResultFileModel {
  @ApiProperty() name: string;
  @ApiProperty() mediaType: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) size: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ResultModel {
  @ApiProperty({ type: [ResultFileModel] }) files: ResultFileModel[];
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The task's summary (a JSON object)" }) data?: unknown;
}

export class SnapshotModel {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ example: 'abstract-booklet' }) task: string;
  @ApiProperty({ enum: Object.values(TaskStatus) }) status: TaskStatus;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Only while queued' }) queuePosition?: number;
  @ApiPropertyOptional({ type: ProgressModel }) progress?: ProgressModel;
  @ApiPropertyOptional({ type: ResultModel, description: 'Only when completed' }) result?: ResultModel;
  @ApiPropertyOptional({ type: ErrorBodyModel, description: 'Only when failed or cancelled' }) error?: ErrorBodyModel;
  @ApiPropertyOptional({ maxLength: 200 }) submitter?: string;
  @ApiPropertyOptional({ format: 'uuid' }) retryOf?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'options.lockKey, when given' }) lockKey?: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
}

export class CatalogEntryModel {
  @ApiProperty() name: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema (draft 2020-12) of the input' }) inputSchema: Record<string, unknown>;
  @ApiProperty({ type: 'integer' }) defaultTimeoutMs: number;
}

export class RunListModel {
  @ApiProperty({ type: [SnapshotModel] }) items: SnapshotModel[];
  @ApiPropertyOptional({ description: 'Absent on the last page' }) nextCursor?: string;
}

export class HealthModel {
  @ApiProperty({ enum: ['ok', 'draining', 'degraded'] }) status: string;
  @ApiProperty({ type: 'integer', description: 'Queued tasks (in cluster mode: in the whole cluster)' }) queued: number;
  @ApiProperty({ type: 'integer', description: 'Tasks running on this node' }) running: number;
  @ApiProperty({ enum: ['embedded', 'cluster'] }) mode: string;
  @ApiProperty({ description: 'This node (JPSP_NODE_ID, default host name and process id)' }) nodeId: string;
  @ApiPropertyOptional({ enum: ['ready', 'down'], description: 'Cluster mode: Redis answers' }) redis?: string;
  @ApiPropertyOptional({ enum: ['ready', 'down'], description: 'Cluster mode: the object store answered its last probe' }) store?: string;
}

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait (details.retryAfterMs, rounded up)', schema: { type: 'integer' } } };

/** Error answers of a route: the envelope, with `Retry-After` where it applies. */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = HTTP_STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, list]) =>
      ApiResponse({
        status,
        description: list.join(' or '),
        schema: { $ref: getSchemaPath(ErrorEnvelopeModel) },
        ...(status === 429 || status === 503 || status === 507 ? { headers: RETRY_AFTER } : {}),
      }),
    ),
  );
}

/** A route that takes an API key or a widget token (either scheme). */
export function ApiCaller(): ClassDecorator {
  return applyDecorators(ApiSecurity('apiKey'), ApiSecurity('bearer'), ApiExtraModels(ErrorEnvelopeModel, FieldErrorModel), ApiErrors('UNAUTHORIZED'));
}
