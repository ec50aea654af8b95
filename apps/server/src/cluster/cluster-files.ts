import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ResultFile } from '@jpsp/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerFile } from '../executor/worker-messages.js';

/** The object store as this module uses it (`results/s3-objects.ts` implements it). */
export interface ObjectStore {
  putFile(key: string, path: string, meta: { contentType: string; size: number; sha256: string }): Promise<void>;
  get(key: string, range?: { start: number; end: number }): Promise<{ body: NodeJS.ReadableStream; size: number; contentLength: number }>;
  deleteMany(keys: string[]): Promise<void>;
  probe(): Promise<void>;
}

interface Published {
  taskId: string;
  expiresAt: number;
  files: WorkerFile[];
}

export type ClusterFileLookup = { status: 'missing' | 'expired' } | { status: 'ok'; file: WorkerFile; key: string };

/** Deleted results are remembered this long, so their links answer 410 rather than 404. */
const TOMBSTONE_MS = 7 * 24 * 3_600_000;

/**
 * Result files in cluster mode: uploaded to the object store under `<token>/<name>` by the node
 * that ran the task, indexed in Redis (`<p>:files:<token>`, expiry in `<p>:expiry`), served by any
 * node. One node at a time sweeps the expired ones (a Redis lease), so N nodes never race; the
 * bucket's lifecycle rule (README) is the second safety net. Bytes in the store are counted in
 * `<p>:used` against the cluster-wide quota.
 */
export class ClusterFiles {
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    readonly objects: ObjectStore,
    private readonly prefix: string,
    private readonly options: { ttlMs: number; sweepIntervalMs: number; quotaBytes: number; nodeId: string },
    private readonly log: Logger,
  ) {}

  start(): void {
    this.sweeper = setInterval(() => void this.sweep().catch((err: unknown) => this.log.error({ err }, 'result sweep failed')), this.options.sweepIntervalMs);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  /** Uploads a finished task's files and returns their download URLs (valid on every node). */
  async publish(taskId: string, dir: string, files: WorkerFile[], baseUrl: string): Promise<ResultFile[]> {
    if (files.length === 0) {
      return [];
    }
    const token = randomBytes(32).toString('base64url');
    for (const f of files) {
      await this.objects.putFile(`${token}/${f.name}`, join(dir, f.name), { contentType: f.mediaType, size: f.size, sha256: f.sha256 });
    }
    const expiresAt = Date.now() + this.options.ttlMs;
    const bytes = files.reduce((n, f) => n + f.size, 0);
    const entry: Published = { taskId, expiresAt, files };
    await this.redis
      .multi()
      .set(this.k('files', token), JSON.stringify(entry), 'PX', this.options.ttlMs + TOMBSTONE_MS)
      .zadd(`${this.prefix}:expiry`, expiresAt, token)
      .incrby(`${this.prefix}:used`, bytes)
      .exec();
    const expires = new Date(expiresAt).toISOString();
    return files.map((f) => ({ ...f, url: `${baseUrl}/files/${token}/${encodeURIComponent(f.name)}`, expiresAt: expires }));
  }

  async lookup(token: string, name: string): Promise<ClusterFileLookup> {
    const raw = await this.redis.get(this.k('files', token));
    if (!raw) {
      return (await this.redis.exists(this.k('gone', token))) ? { status: 'expired' } : { status: 'missing' };
    }
    const entry = JSON.parse(raw) as Published;
    if (entry.expiresAt <= Date.now()) {
      return { status: 'expired' };
    }
    const file = entry.files.find((f) => f.name === name);
    return file ? { status: 'ok', file, key: `${token}/${file.name}` } : { status: 'missing' };
  }

  private usedCache = { bytes: 0, at: 0 };

  /** Room left in the store for a task that reserves `bytes` (cluster-wide quota; read at most once a second). */
  async hasRoom(bytes: number): Promise<boolean> {
    if (Date.now() - this.usedCache.at > 1_000) {
      this.usedCache = { bytes: Number((await this.redis.get(`${this.prefix}:used`)) ?? 0), at: Date.now() };
    }
    return this.usedCache.bytes + bytes <= this.options.quotaBytes;
  }

  /** Deletes the expired results, on one node at a time. */
  async sweep(now = Date.now()): Promise<number> {
    const lease = await this.redis.set(`${this.prefix}:sweeper`, this.options.nodeId, 'PX', Math.max(5_000, this.options.sweepIntervalMs * 2), 'NX');
    if (lease !== 'OK') {
      return 0;
    }
    let swept = 0;
    try {
      const tokens = await this.redis.zrangebyscore(`${this.prefix}:expiry`, '-inf', now, 'LIMIT', 0, 500);
      for (const token of tokens) {
        const raw = await this.redis.get(this.k('files', token));
        const entry = raw ? (JSON.parse(raw) as Published) : undefined;
        if (entry) {
          await this.objects.deleteMany(entry.files.map((f) => `${token}/${f.name}`));
        }
        const bytes = entry?.files.reduce((n, f) => n + f.size, 0) ?? 0;
        await this.redis
          .multi()
          .del(this.k('files', token))
          .set(this.k('gone', token), '1', 'PX', TOMBSTONE_MS)
          .zrem(`${this.prefix}:expiry`, token)
          .decrby(`${this.prefix}:used`, bytes)
          .exec();
        swept++;
      }
    } finally {
      await this.redis.del(`${this.prefix}:sweeper`);
    }
    if (swept > 0) {
      this.log.info({ results: swept, node: this.options.nodeId }, 'results swept');
    }
    return swept;
  }

  private k(kind: string, id: string): string {
    return `${this.prefix}:${kind}:${id}`;
  }
}
