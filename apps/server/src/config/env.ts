import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/**
 * Every environment variable the server reads, validated once at boot (`loadConfig`).
 * The README's configuration table lists the same names, defaults and meanings.
 */
class EnvVars {
  @IsOptional() @IsString() JPSP_API_KEYS?: string;
  @IsOptional() @IsString() JPSP_API_KEYS_FILE?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @Transform(toList) @IsUrl({ require_tld: false, require_protocol: true }, { each: true })
  JPSP_ALLOWED_ORIGINS?: string[];
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) JPSP_PUBLIC_URL?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() JPSP_TRUST_PROXY?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(256) JPSP_MAX_THREADS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) JPSP_MAX_QUEUE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000) JPSP_MAX_QUEUE_PER_KEY?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(64) @Max(65_536) JPSP_WORKER_MAX_MEMORY_MB?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(24 * 3_600_000) JPSP_WORKER_IDLE_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60_000) JPSP_STOP_GRACE_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) JPSP_MAX_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) @Max(24 * 60 * 60_000) JPSP_TOKEN_MAX_LIFETIME_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) JPSP_RESULT_TTL_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) JPSP_SWEEP_INTERVAL_MS?: number;
  @IsOptional() @IsString() JPSP_TEMP_DIR?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) JPSP_TEMP_QUOTA_BYTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) JPSP_MAX_RESULT_BYTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(1024 * 1024 * 1024) JPSP_MAX_PAYLOAD_BYTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10_000) JPSP_PROGRESS_INTERVAL_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) JPSP_SHUTDOWN_GRACE_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) JPSP_MAX_CONNECTIONS?: number;
  @IsOptional() @Matches(/^rediss?:\/\/\S+$/, { message: 'JPSP_REDIS_URL must be a redis:// or rediss:// URL' }) JPSP_REDIS_URL?: string;
  @IsOptional() @Matches(/^(local|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[\x21-\x7e]*)?)$/, { message: 'JPSP_RESULT_STORE must be local or s3://<bucket>[/<prefix>]' }) JPSP_RESULT_STORE?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'JPSP_NODE_ID must be 1-64 letters, digits, dots, dashes or underscores' }) JPSP_NODE_ID?: string;
  @IsOptional() @Transform(toList) @IsString({ each: true }) @Matches(/^[a-z0-9-]{1,32}$/, { each: true, message: 'JPSP_NODE_CAPABILITIES must be a comma-separated list of capability names (e.g. soffice)' }) JPSP_NODE_CAPABILITIES?: string[];
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) JPSP_FETCH_MAX_BYTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) JPSP_FETCH_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toBool) @IsBoolean() JPSP_FETCH_ALLOW_PRIVATE?: boolean;
  @IsOptional() @Transform(toList) @IsString({ each: true }) JPSP_EXTRA_TASKS?: string[];
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) JPSP_LOG_LEVEL?: string;
  @IsOptional() @IsIn(['auto', 'json', 'pretty']) JPSP_LOG_FORMAT?: 'auto' | 'json' | 'pretty';
  @IsOptional() @IsIn(['on', 'off']) JPSP_SOCKET_TUNING?: 'on' | 'off';
  @IsOptional() @IsString() NODE_ENV?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9._~+/=-]{16,256}$/, { message: 'JPSP_DEMO_KEY must be 16-256 URL-safe characters' })
  JPSP_DEMO_KEY?: string;
}

export interface AppConfig {
  apiKeys: string[];
  demo: boolean;
  port: number;
  host: string;
  allowedOrigins: string[];
  publicUrl?: string;
  trustProxy: boolean;
  maxThreads: number;
  maxQueue: number;
  /** Queued + running tasks one API key may have at once (its widget tokens included). */
  maxQueuePerKey: number;
  workerMaxMemoryMb: number;
  /** Workers start on demand and stop after this long without a task (0: they stay up, started with the server). */
  workerIdleMs: number;
  /** A cancelled or timed-out task has this long to end by itself before its worker is terminated. */
  stopGraceMs: number;
  maxTimeoutMs: number;
  /** Widget tokens living longer than this (exp − iat) are refused. */
  tokenMaxLifetimeMs: number;
  resultTtlMs: number;
  sweepIntervalMs: number;
  tempDir: string;
  tempQuotaBytes: number;
  maxResultBytes: number;
  maxPayloadBytes: number;
  progressIntervalMs: number;
  shutdownGraceMs: number;
  maxConnections: number;
  fetch: { maxBytes: number; timeoutMs: number; allowPrivate: boolean };
  extraTaskModules: string[];
  logLevel: string;
  /** `pretty` (human-readable lines), `json`, or `auto`: pretty on a terminal unless NODE_ENV=production. */
  logFormat: 'auto' | 'json' | 'pretty';
  production: boolean;
  /** The memory/throughput tuning of Socket.IO in src/socket-tuning (on by default). */
  socketTuning: boolean;
  /** Cluster mode when set: BullMQ, the Socket.IO Redis streams adapter, results in `resultStore`. */
  redisUrl?: string;
  /** `local` (embedded) or `s3://bucket[/prefix]`. */
  resultStore: string;
  /** This process's name in the cluster (and in `/health`). */
  nodeId: string;
  /** What this node can run (`soffice`…), when set by JPSP_NODE_CAPABILITIES; detected otherwise. */
  nodeCapabilities?: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const MiB = 1024 * 1024;

/** Variables whose values are never echoed in configuration errors (stderr ends up in logs). */
const SECRET_VARS: ReadonlySet<string> = new Set(['JPSP_API_KEYS', 'JPSP_DEMO_KEY', 'JPSP_REDIS_URL']);

/** Reads and validates the environment once. Throws `ConfigError` listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): AppConfig {
  const known = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => (k.startsWith('JPSP_') || k === 'PORT' || k === 'HOST' || k === 'NODE_ENV') && v !== ''),
  );
  const vars = plainToInstance(EnvVars, known);
  const problems = validateSync(vars).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg} (got ${SECRET_VARS.has(e.property) ? 'a value not shown here: it is a secret' : JSON.stringify(known[e.property])})`),
  );

  const demo = argv.includes('--demo');
  let apiKeys: string[] = [];
  if (vars.JPSP_API_KEYS) {
    apiKeys = splitKeys(vars.JPSP_API_KEYS);
  }
  if (vars.JPSP_API_KEYS_FILE) {
    try {
      apiKeys.push(...splitKeys(readFileSync(vars.JPSP_API_KEYS_FILE, 'utf8')));
    } catch (err) {
      problems.push(`JPSP_API_KEYS_FILE: cannot read ${vars.JPSP_API_KEYS_FILE} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const weak = apiKeys.filter((k) => k.length < 16);
  if (weak.length > 0) {
    problems.push(`JPSP_API_KEYS: ${weak.length} key(s) shorter than 16 characters (use e.g. \`openssl rand -hex 24\`)`);
  }
  if (apiKeys.length === 0 && !demo) {
    problems.push('JPSP_API_KEYS or JPSP_API_KEYS_FILE: no API key configured; the server refuses to start without one (or run `npm start`, the demo mode)');
  }
  if (apiKeys.length === 0 && demo) {
    apiKeys = [vars.JPSP_DEMO_KEY ?? `demo-${randomBytes(18).toString('base64url')}`];
  }
  const resultStore = vars.JPSP_RESULT_STORE ?? (vars.JPSP_REDIS_URL ? undefined : 'local');
  if (vars.JPSP_REDIS_URL && (resultStore === undefined || resultStore === 'local')) {
    problems.push(
      'JPSP_RESULT_STORE: cluster mode (JPSP_REDIS_URL is set) needs a result store every node can read: s3://<bucket>[/<prefix>] with the AWS_* variables (a local directory is this node\'s alone)',
    );
  }
  if (!vars.JPSP_REDIS_URL && resultStore !== 'local') {
    problems.push('JPSP_RESULT_STORE: an object store is for cluster mode; set JPSP_REDIS_URL too, or leave JPSP_RESULT_STORE unset');
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }

  return {
    ...(vars.JPSP_REDIS_URL ? { redisUrl: vars.JPSP_REDIS_URL } : {}),
    resultStore: resultStore as string,
    nodeId: vars.JPSP_NODE_ID ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40)}-${process.pid}`,
    ...(vars.JPSP_NODE_CAPABILITIES ? { nodeCapabilities: vars.JPSP_NODE_CAPABILITIES } : {}),
    apiKeys: [...new Set(apiKeys)],
    demo,
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    allowedOrigins: vars.JPSP_ALLOWED_ORIGINS ?? [],
    publicUrl: vars.JPSP_PUBLIC_URL?.replace(/\/+$/, ''),
    trustProxy: vars.JPSP_TRUST_PROXY ?? false,
    maxThreads: vars.JPSP_MAX_THREADS ?? availableParallelism(),
    maxQueue: vars.JPSP_MAX_QUEUE ?? 100,
    maxQueuePerKey: vars.JPSP_MAX_QUEUE_PER_KEY ?? 20,
    workerMaxMemoryMb: vars.JPSP_WORKER_MAX_MEMORY_MB ?? 1024,
    workerIdleMs: vars.JPSP_WORKER_IDLE_MS ?? 60_000,
    stopGraceMs: vars.JPSP_STOP_GRACE_MS ?? 2_000,
    maxTimeoutMs: vars.JPSP_MAX_TIMEOUT_MS ?? 30 * 60_000,
    tokenMaxLifetimeMs: vars.JPSP_TOKEN_MAX_LIFETIME_MS ?? 60 * 60_000,
    resultTtlMs: vars.JPSP_RESULT_TTL_MS ?? 60 * 60_000,
    sweepIntervalMs: vars.JPSP_SWEEP_INTERVAL_MS ?? 30_000,
    tempDir: vars.JPSP_TEMP_DIR ?? join(tmpdir(), 'jpsp-ng'),
    tempQuotaBytes: vars.JPSP_TEMP_QUOTA_BYTES ?? 2048 * MiB,
    maxResultBytes: vars.JPSP_MAX_RESULT_BYTES ?? 512 * MiB,
    maxPayloadBytes: vars.JPSP_MAX_PAYLOAD_BYTES ?? 32 * MiB,
    progressIntervalMs: vars.JPSP_PROGRESS_INTERVAL_MS ?? 100,
    shutdownGraceMs: vars.JPSP_SHUTDOWN_GRACE_MS ?? 10_000,
    maxConnections: vars.JPSP_MAX_CONNECTIONS ?? 20_000,
    fetch: {
      maxBytes: vars.JPSP_FETCH_MAX_BYTES ?? 20 * MiB,
      timeoutMs: vars.JPSP_FETCH_TIMEOUT_MS ?? 15_000,
      allowPrivate: vars.JPSP_FETCH_ALLOW_PRIVATE ?? false,
    },
    extraTaskModules: vars.JPSP_EXTRA_TASKS ?? [],
    logLevel: vars.JPSP_LOG_LEVEL ?? 'info',
    logFormat: vars.JPSP_LOG_FORMAT ?? 'auto',
    production: vars.NODE_ENV === 'production',
    socketTuning: vars.JPSP_SOCKET_TUNING !== 'off',
  };
}

function splitKeys(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((k) => k.trim())
    .filter((k) => k.length > 0 && !k.startsWith('#'));
}

export const APP_CONFIG = Symbol('APP_CONFIG');
