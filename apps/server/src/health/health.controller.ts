import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthModel } from '../common/openapi.js';
import type { Response } from 'express';
import { TaskApi } from '../tasks/task-api.js';

/** What `/health` adds in cluster mode: whether Redis and the object store answer. */
export abstract class ClusterProbe {
  abstract readonly nodeId: string;
  abstract health(): Promise<{ redis: 'ready' | 'down'; store: 'ready' | 'down' }>;
}

/**
 * Liveness + readiness, no auth: `200 {status:"ok"}`; 503 `{status:"draining"}` during shutdown,
 * or `{status:"degraded"}` in cluster mode while Redis or the object store does not answer.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(TaskApi) private readonly tasks: TaskApi,
    @Inject(ClusterProbe) private readonly cluster: ClusterProbe,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness' })
  @ApiResponse({ status: 200, description: 'Serving', type: HealthModel })
  @ApiResponse({ status: 503, description: 'Draining for shutdown, or (cluster mode) Redis or the object store unreachable', type: HealthModel })
  async health(@Res() res: Response): Promise<void> {
    const s = this.tasks.stats();
    const base = { queued: s.queued, running: s.running, mode: this.tasks.distributed ? 'cluster' : 'embedded', nodeId: this.cluster.nodeId };
    if (!this.tasks.distributed) {
      res.status(s.draining ? 503 : 200).json({ status: s.draining ? 'draining' : 'ok', ...base });
      return;
    }
    const parts = await this.cluster.health();
    const degraded = parts.redis !== 'ready' || parts.store !== 'ready';
    res.status(s.draining || degraded ? 503 : 200).json({ status: s.draining ? 'draining' : degraded ? 'degraded' : 'ok', ...base, ...parts });
  }
}
