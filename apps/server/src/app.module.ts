import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from 'pino';
import { ApiKeyGuard, CallerGuard } from './auth/api-key.guard.js';
import { Authenticator } from './auth/authenticator.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { LOGGER } from './common/logger.js';
import { APP_CONFIG, type AppConfig } from './config/env.js';
import { ClusterProbe, HealthController } from './health/health.controller.js';
import { ClusterFiles } from './cluster/cluster-files.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { Metrics } from './metrics/metrics.service.js';
import { FilesController } from './results/files.controller.js';
import { ResultStore } from './results/result-store.js';
import { RunsController } from './tasks/runs.controller.js';
import { TasksController } from './tasks/tasks.controller.js';
import { TasksGateway } from './tasks/tasks.gateway.js';
import { TaskApi } from './tasks/task-api.js';

/** Plain services built by the composition root (`server.ts`); Nest only adds transports around them. */
export interface CoreServices {
  config: AppConfig;
  log: Logger;
  auth: Authenticator;
  tasks: TaskApi;
  results: ResultStore;
  metrics: Metrics;
  probe: ClusterProbe;
  /** Cluster mode: result files in the object store (null when embedded). */
  clusterFiles: ClusterFiles | null;
}

@Module({})
export class AppModule {
  static forRoot(core: CoreServices): DynamicModule {
    return {
      module: AppModule,
      controllers: [TasksController, RunsController, FilesController, HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: core.config },
        { provide: LOGGER, useValue: core.log },
        { provide: Authenticator, useValue: core.auth },
        { provide: TaskApi, useValue: core.tasks },
        { provide: ResultStore, useValue: core.results },
        { provide: Metrics, useValue: core.metrics },
        { provide: ClusterProbe, useValue: core.probe },
        { provide: ClusterFiles, useValue: core.clusterFiles },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        ApiKeyGuard,
        CallerGuard,
        TasksGateway,
      ],
    };
  }
}
