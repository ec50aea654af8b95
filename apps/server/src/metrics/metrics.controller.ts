import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { Metrics } from './metrics.service.js';

/** Prometheus exposition; needs an API key (Prometheus: `authorization: { credentials: <key> }`). */
@ApiTags('operations')
@ApiSecurity('bearer')
@Controller('metrics')
@UseGuards(ApiKeyGuard)
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
