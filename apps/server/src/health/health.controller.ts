import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { TasksService } from '../tasks/tasks.service.js';

/** Liveness + readiness, no auth: `200 {status:"ok"}`, or 503 `{status:"draining"}` during shutdown. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(TasksService) private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness' })
  health(@Res() res: Response): void {
    const s = this.tasks.stats();
    res.status(s.draining ? 503 : 200).json({ status: s.draining ? 'draining' : 'ok', queued: s.queued, running: s.running });
  }
}
