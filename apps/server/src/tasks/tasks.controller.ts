import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, CatalogEntryModel, SnapshotModel } from '../common/openapi.js';
import type { TaskCatalogEntry, TaskSnapshot } from '@jpsp/contracts';
import { CallerGuard, type AuthedRequest } from '../auth/api-key.guard.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { baseUrlOf } from '../common/base-url.js';
import { validateDto } from '../common/validate-dto.js';
import { parseSubmit, SubmitTaskDto, TaskRefDto } from './tasks.dto.js';
import { TaskApi, type MaybePromise } from './task-api.js';

/** REST transport: the same operations and shapes as the Socket.IO events. */
@ApiTags('tasks')
@ApiCaller()
@Controller('api/tasks')
@UseGuards(CallerGuard)
export class TasksController {
  constructor(
    @Inject(TaskApi) private readonly tasks: TaskApi,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The task catalog (name, title, description, JSON Schema of the input)' })
  @ApiOkResponse({ type: [CatalogEntryModel] })
  catalog(): TaskCatalogEntry[] {
    return this.tasks.catalog();
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a task; answers 202 with its snapshot (same as task:submit)' })
  @ApiBody({ type: SubmitTaskDto })
  @ApiResponse({ status: 202, description: 'The task snapshot', type: SnapshotModel })
  @ApiErrors('VALIDATION_FAILED', 'UNKNOWN_TASK', 'PAYLOAD_TOO_LARGE', 'QUEUE_FULL', 'SHUTTING_DOWN', 'STORAGE_FULL')
  submit(@Req() req: AuthedRequest, @Body() body: unknown): MaybePromise<TaskSnapshot> {
    const dto = parseSubmit(body);
    return this.tasks.submit(req.caller, dto.task, dto.input, dto.options, baseUrlOf(req.headers, req.secure, this.config));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Current snapshot of a task (same as task:subscribe, without the push)' })
  @ApiOkResponse({ description: 'The task snapshot', type: SnapshotModel })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'EXPIRED')
  get(@Req() req: AuthedRequest, @Param('id') id: string): MaybePromise<TaskSnapshot> {
    return this.tasks.get(req.caller, checkId(id));
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'A new run with the same input and options as a failed or cancelled one (same as task:retry)' })
  @ApiResponse({ status: 202, description: 'The new run’s snapshot (`retryOf` names the old one)', type: SnapshotModel })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'EXPIRED', 'QUEUE_FULL', 'SHUTTING_DOWN', 'STORAGE_FULL')
  retry(@Req() req: AuthedRequest, @Param('id') id: string): MaybePromise<TaskSnapshot> {
    return this.tasks.retry(req.caller, checkId(id), baseUrlOf(req.headers, req.secure, this.config));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a task (same as task:cancel); answers its snapshot' })
  @ApiOkResponse({ description: 'The task snapshot', type: SnapshotModel })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'EXPIRED')
  cancel(@Req() req: AuthedRequest, @Param('id') id: string): MaybePromise<TaskSnapshot> {
    return this.tasks.cancel(req.caller, checkId(id));
  }
}

/** The same check and answer as the Socket.IO events' `{ taskId }` (VALIDATION_FAILED, path `taskId`). */
function checkId(id: string): string {
  return validateDto(TaskRefDto, { taskId: id }).taskId;
}
