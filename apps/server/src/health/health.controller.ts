import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthModel } from '../common/openapi.js';
import type { Response } from 'express';
import { TasksService } from '../tasks/tasks.service.js';

/** Liveness + readiness, no auth: `200 {status:"ok"}`, or 503 `{status:"draining"}` during shutdown. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(TasksService) private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness' })
  @ApiResponse({ status: 200, description: 'Serving', type: HealthModel })
  @ApiResponse({ status: 503, description: 'Draining for shutdown', type: HealthModel })
  health(@Res() res: Response): void {
    const s = this.tasks.stats();
    res.status(s.draining ? 503 : 200).json({ status: s.draining ? 'draining' : 'ok', queued: s.queued, running: s.running });
  }
}
