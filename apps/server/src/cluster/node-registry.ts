import type { Redis } from 'ioredis';

export interface NodeInfo {
  id: string;
  capabilities: string[];
  /** Its worker threads (JPSP_MAX_THREADS). */
  threads: number;
  running: number;
  /** Epoch ms of its last heartbeat. */
  seen: number;
}

const HEARTBEAT_MS = 2_000;
/** A node not heard from for this long is not counted as live (its tasks fail over by BullMQ's stalled check). */
export const NODE_TIMEOUT_MS = 10_000;

/**
 * Every node writes a heartbeat (its capabilities and running count) into one Redis hash; a
 * submit reads the live nodes to refuse work no live node can do, `/metrics` reports them.
 */
export class NodeRegistry {
  private timer?: NodeJS.Timeout;
  private live: NodeInfo[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly self: { id: string; capabilities: string[]; threads: number },
    private readonly running: () => number,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    const info: NodeInfo = { id: this.self.id, capabilities: this.self.capabilities, threads: this.self.threads, running: this.running(), seen: Date.now() };
    await this.redis.hset(this.key, this.self.id, JSON.stringify(info));
    const all = await this.redis.hgetall(this.key);
    const now = Date.now();
    const nodes = Object.values(all).map((v) => JSON.parse(v) as NodeInfo);
    this.live = nodes.filter((n) => now - n.seen < NODE_TIMEOUT_MS);
    const dead = nodes.filter((n) => now - n.seen >= 6 * NODE_TIMEOUT_MS).map((n) => n.id);
    if (dead.length > 0) {
      await this.redis.hdel(this.key, ...dead);
    }
  }

  /** The live nodes as of the last heartbeat (this one included). */
  nodes(): NodeInfo[] {
    return this.live;
  }

  /** Capabilities of the live nodes as of the last heartbeat (this node's included). */
  cachedCapabilities(): string[] {
    return [...new Set([...this.self.capabilities, ...this.live.flatMap((n) => n.capabilities)])];
  }

  /** Worker threads of the live nodes together (at least this node's). */
  threads(): number {
    return Math.max(this.self.threads, this.live.reduce((n, node) => n + (node.threads ?? 1), 0));
  }

  /** Capabilities some live node has (read fresh: a submit must not trust a stale list). */
  async liveCapabilities(): Promise<string[]> {
    const all = await this.redis.hgetall(this.key);
    const now = Date.now();
    const caps = new Set<string>(this.self.capabilities);
    for (const raw of Object.values(all)) {
      const n = JSON.parse(raw) as NodeInfo;
      if (now - n.seen < NODE_TIMEOUT_MS) {
        n.capabilities.forEach((c) => caps.add(c));
      }
    }
    return [...caps];
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.hdel(this.key, this.self.id).catch(() => undefined);
  }
}
