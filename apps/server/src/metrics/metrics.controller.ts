import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorEnvelopeModel } from '../common/openapi.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { Metrics } from './metrics.service.js';

/** Prometheus exposition; needs an API key (Prometheus: `authorization: { credentials: <key> }`). */
@ApiTags('operations')
@ApiSecurity('apiKey')
@ApiSecurity('bearer')
@ApiExtraModels(ErrorEnvelopeModel)
@ApiErrors('UNAUTHORIZED')
@Controller('metrics')
@UseGuards(ApiKeyGuard)
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (an API key only, no widget token)' })
  @ApiResponse({ status: 200, description: 'Prometheus text exposition', content: { 'text/plain': { schema: { type: 'string' } } } })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
