// Types of threads.mjs.
export function threadCount(pid: number): number;
export function threadIds(pid: number): string[];
export function settledThreads(pid: number, quietMs?: number, timeoutMs?: number): Promise<number>;
export function threadsDownTo(pid: number, want: number, timeoutMs?: number): Promise<number>;
