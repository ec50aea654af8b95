import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { AppModule, type CoreServices } from './app.module.js';
import { API_KEY_HEADER } from '@jpsp/contracts';
import { Authenticator } from './auth/authenticator.js';
import { NestPinoLogger } from './common/logger.js';
import { youngGeneration } from './common/young-generation.js';
import type { AppConfig } from './config/env.js';
import { mountDemo } from './demo/demo-routes.js';
import { TinypoolExecutor } from './executor/tinypool-executor.js';
import { Metrics } from './metrics/metrics.service.js';
import { ResultStore } from './results/result-store.js';
import { BUILTIN_TASKS, loadExtraTasks, TaskRegistry } from './task-definitions/task-registry.js';
import { JpspIoAdapter, originAllowed } from './tasks/io.adapter.js';
import { TasksGateway } from './tasks/tasks.gateway.js';
import { TasksService } from './tasks/tasks.service.js';
import type { TaskApi } from './tasks/task-api.js';
import type { ClusterProbe } from './health/health.controller.js';

export interface RunningServer {
  url: string;
  port: number;
  core: CoreServices;
  /** Drains (no new tasks, grace for running ones, final snapshots) and closes everything. */
  shutdown(): Promise<void>;
}

/** Composition root: builds the plain services, wraps them in Nest transports, listens. */
export async function startServer(config: AppConfig, log: Logger): Promise<RunningServer> {
  const registry = new TaskRegistry([...BUILTIN_TASKS, ...(await loadExtraTasks(config.extraTaskModules))]);
  const executor = new TinypoolExecutor(
    { maxThreads: config.maxThreads, workerMaxMemoryMb: config.workerMaxMemoryMb, workerIdleMs: config.workerIdleMs, stopGraceMs: config.stopGraceMs, fetch: config.fetch },
    log,
  );
  const results = new ResultStore(
    { root: config.tempDir, ttlMs: config.resultTtlMs, sweepIntervalMs: config.sweepIntervalMs, quotaBytes: config.tempQuotaBytes, maxResultBytes: config.maxResultBytes },
    log,
  );
  await results.init();
  let sockets = () => 0;
  let tasks: TaskApi;
  // Loaded only in cluster mode: BullMQ, ioredis, the AWS SDK and the streams adapter cost an
  // embedded server ~15 MB of idle memory (10,000 idle sockets: 201 → 187 MB).
  const cluster = config.redisUrl ? await (await import('./cluster/start-cluster.js')).startCluster(config, registry, executor, results, log) : undefined;
  const metrics = new Metrics({
    queueDepth: () => tasks?.stats().queued ?? 0,
    running: () => tasks?.stats().running ?? 0,
    sockets: () => sockets(),
    tempBytes: () => results.usage().usedBytes,
    ...(cluster ? { nodes: () => cluster.nodes() } : {}),
  });
  if (cluster) {
    tasks = cluster.tasks;
  } else {
    const embedded = new TasksService(config, registry, executor, results, metrics, log);
    embedded.onActivity((busy) => (busy ? youngGeneration.busy() : youngGeneration.idle()));
    tasks = embedded;
  }
  const probe: ClusterProbe = { nodeId: config.nodeId, health: () => (cluster ? cluster.health() : Promise.resolve({ redis: 'down', store: 'down' })) };
  const core: CoreServices = { config, log, auth: new Authenticator(config.apiKeys, config.tokenMaxLifetimeMs), tasks, results, metrics, probe, clusterFiles: cluster?.files ?? null };

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(core), {
    bodyParser: false,
    logger: new NestPinoLogger(log.child({ component: 'nest' })),
  });
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
  http.set('trust proxy', config.trustProxy);
  app.use((_req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.useBodyParser('json', { limit: config.maxPayloadBytes });
  app.enableCors({
    origin: (origin: string | undefined, cb: (err: Error | null, allow?: boolean) => void) => cb(null, originAllowed(origin, undefined, config.allowedOrigins)),
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', API_KEY_HEADER, 'Content-Type'],
    maxAge: 600,
  });
  app.useWebSocketAdapter(new JpspIoAdapter(app, config, cluster?.adapter));
  if (config.demo) {
    mountDemo(http, config);
  }
  const openapi = new DocumentBuilder()
    .setTitle('JPSP-NG task server')
    .setDescription('REST side of the JPSP-NG task protocol. The Socket.IO side and every shape are described in docs/protocol.md.')
    .setVersion('0.1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key' }, 'apiKey')
    // Not addBearerAuth: it labels the bearer as a JWT, and an API key is not one.
    .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'An API key, or a short-lived widget token (see docs/protocol.md "Tokens for browsers"); /metrics takes an API key only' })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });

  await app.listen(config.port, config.host);
  const gateway = app.get(TasksGateway);
  sockets = () => gateway.connectedSockets();
  const address = app.getHttpServer().address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
  log.info({ url, port: address.port, demo: config.demo, maxThreads: config.maxThreads, mode: cluster ? 'cluster' : 'embedded', node: config.nodeId, tasks: registry.catalog().map((t) => t.name) }, 'listening');

  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      log.info({ graceMs: config.shutdownGraceMs }, 'draining');
      await tasks.drain(config.shutdownGraceMs);
      // Let the final snapshots leave the socket buffers before closing the connections.
      await new Promise((r) => setTimeout(r, 200));
      await app.close();
      await cluster?.close();
      await executor.destroy();
      results.close();
      youngGeneration.release();
      log.info('stopped');
    })());
  return { url, port: address.port, core, shutdown };
}
