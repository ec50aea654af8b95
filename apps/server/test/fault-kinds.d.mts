// Types of fault-kinds.mjs.
export interface FaultKind {
  kind: string;
  task: string;
  input: Record<string, unknown>;
  options?: { timeoutMs?: number };
}
export const RUNAWAY_TIMEOUT_MS: number;
export const BAD_KINDS: ReadonlyArray<FaultKind & { code: string }>;
export const GOOD_KINDS: ReadonlyArray<FaultKind & { files: string[] }>;
export const FAULT_TASK_TIMEOUT_MS: number;
export const FAULT_SERVER_ENV: Record<string, string>;
