import { Controller, Get, Inject, Query, Req, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { RunList } from '@jpsp/contracts';
import { CallerGuard, type AuthedRequest } from '../auth/api-key.guard.js';
import { validateDto } from '../common/validate-dto.js';
import { ListDto } from './tasks.dto.js';
import { TasksService } from './tasks.service.js';

/** `GET /api/runs`: the caller's runs (same as `task:list`); `GET /api/tasks` stays the catalog. */
@ApiTags('tasks')
@ApiSecurity('bearer')
@ApiHeader({ name: 'X-Api-Key', required: false, description: 'Alternative to Authorization: Bearer <key>' })
@ApiResponse({ status: 401, description: '`{ error: { code: "UNAUTHORIZED" } }`' })
@Controller('api/runs')
@UseGuards(CallerGuard)
export class RunsController {
  constructor(@Inject(TasksService) private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s runs still known (queued, running, or ended with unexpired results), newest first; ?status&task&limit&cursor' })
  @ApiOkResponse({ description: '`{ items: snapshot[], nextCursor? }`' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  list(@Req() req: AuthedRequest, @Query() query: Record<string, unknown>): RunList {
    return this.tasks.list(req.caller, validateDto(ListDto, { ...query }));
  }
}
