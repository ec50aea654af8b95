import { Controller, Get, Inject, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { TaskStatus, type RunList } from '@jpsp/contracts';
import { ApiCaller, ApiErrors, RunListModel } from '../common/openapi.js';
import { CallerGuard, type AuthedRequest } from '../auth/api-key.guard.js';
import { validateDto } from '../common/validate-dto.js';
import { ListDto } from './tasks.dto.js';
import { TaskApi, type MaybePromise } from './task-api.js';

/** `GET /api/runs`: the caller's runs (same as `task:list`); `GET /api/tasks` stays the catalog. */
@ApiTags('tasks')
@ApiCaller()
@Controller('api/runs')
@UseGuards(CallerGuard)
export class RunsController {
  constructor(@Inject(TaskApi) private readonly tasks: TaskApi) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s runs still known (queued, running, or ended with unexpired results), newest first; ?status&task&limit&cursor' })
  @ApiOkResponse({ description: '`{ items: snapshot[], nextCursor? }`', type: RunListModel })
  @ApiQuery({ name: 'status', required: false, enum: Object.values(TaskStatus) })
  @ApiQuery({ name: 'task', required: false, type: String })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1–100, default 20' })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiErrors('VALIDATION_FAILED')
  list(@Req() req: AuthedRequest, @Query() query: Record<string, unknown>): MaybePromise<RunList> {
    return this.tasks.list(req.caller, validateDto(ListDto, { ...query }));
  }
}
