import type { ListPayload, RunList, SubmitOptions, TaskCatalogEntry, TaskSnapshot } from '@jpsp/contracts';
import type { KeyId } from '../auth/api-key.js';
import type { Caller } from '../auth/caller.js';

export type MaybePromise<T> = T | Promise<T>;
/** `localOnly`: every socket following the task is on this node (cluster mode; no cross-node broadcast). */
export type UpdateListener = (owner: KeyId, snapshot: TaskSnapshot, localOnly?: boolean) => void;

/** Called with the new task's id before it can start: the gateway joins the socket to its room. */
export type BeforeQueue = (taskId: string) => void;

export interface TaskStats {
  queued: number;
  running: number;
  draining: boolean;
}

/**
 * What the transports (gateway, controllers, health) use: one contract, two engines — the
 * embedded `TasksService` (one process, answers synchronously) and, with `JPSP_REDIS_URL`, the
 * cluster engine (shared state in Redis, answers asynchronously). Also the Nest injection token.
 */
export abstract class TaskApi {
  /** `true` when updates reach other nodes' sockets through the Socket.IO adapter (cluster mode). */
  abstract readonly distributed: boolean;
  abstract catalog(): TaskCatalogEntry[];
  abstract submit(caller: Caller, task: string, input: unknown, options: SubmitOptions | undefined, baseUrl: string, beforeQueue?: BeforeQueue): MaybePromise<TaskSnapshot>;
  abstract retry(caller: Caller, taskId: string, baseUrl: string, beforeQueue?: BeforeQueue): MaybePromise<TaskSnapshot>;
  abstract list(caller: Caller, query: ListPayload): MaybePromise<RunList>;
  /** `watch`: the caller's socket will follow the task's updates (task:subscribe). */
  abstract get(caller: Caller, taskId: string, watch?: boolean): MaybePromise<TaskSnapshot>;
  abstract cancel(caller: Caller, taskId: string): MaybePromise<TaskSnapshot>;
  abstract onUpdate(listener: UpdateListener): void;
  abstract stats(): TaskStats;
  abstract drain(graceMs: number): Promise<void>;
}
