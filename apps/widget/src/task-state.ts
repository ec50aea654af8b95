import type { ErrorBody, FieldError, ResultFile, TaskSnapshot } from '@jpsp/contracts';

/** What went wrong, as the organiser needs to hear it (one message and one remedy per kind). */
export type FailureKind = 'event' | 'server' | 'auth' | 'validation' | 'failed' | 'timeout' | 'busy';

export interface Failure {
  kind: FailureKind;
  /** Short technical detail shown inside the message (HTTP status, server message). */
  detail?: string;
  /** For `validation`: the fields the server refused. */
  fields?: FieldError[];
}

export type Step = 'fetching' | 'connecting' | 'submitting' | 'resuming';

export type WidgetState =
  | { kind: 'idle'; last?: TaskSnapshot }
  | { kind: 'preparing'; step: Step }
  | { kind: 'running'; snapshot: TaskSnapshot; reconnecting: boolean; cancelling: boolean }
  | { kind: 'done'; snapshot: TaskSnapshot; main?: ResultFile; others: ResultFile[] }
  | { kind: 'cancelled' }
  | { kind: 'error'; failure: Failure };

export type Action =
  | { type: 'step'; step: Step }
  | { type: 'snapshot'; snapshot: TaskSnapshot }
  | { type: 'connection'; up: boolean }
  | { type: 'cancelRequested' }
  | { type: 'fail'; failure: Failure }
  | { type: 'reset' }
  /** The event's latest run, found at load: shown while idle, never downloaded by itself. */
  | { type: 'last'; snapshot: TaskSnapshot };

export const INITIAL_STATE: WidgetState = { kind: 'idle' };

const ODT = 'application/vnd.oasis.opendocument.text';

/** The file downloaded by itself on completion: the ODT, else the first file. */
export function pickMainFile(files: readonly ResultFile[]): ResultFile | undefined {
  return files.find((f) => f.mediaType === ODT || f.name.toLowerCase().endsWith('.odt')) ?? files[0];
}

/** Maps a server error (ack or failed snapshot) to what the widget tells the organiser. */
export function failureFromError(error: ErrorBody | undefined): Failure {
  if (!error) {
    return { kind: 'failed', detail: 'unknown error' };
  }
  // String literals rather than the ErrorCode object: the object costs bytes in the bundle;
  // the `never` check below still fails to compile when the contract gains a code.
  switch (error.code) {
    case 'UNAUTHORIZED':
      return { kind: 'auth' };
    case 'VALIDATION_FAILED':
    case 'PAYLOAD_TOO_LARGE':
      return { kind: 'validation', detail: error.message, fields: Array.isArray(error.details) ? error.details : [] };
    case 'TIMEOUT':
      return { kind: 'timeout' };
    case 'QUEUE_FULL':
    case 'STORAGE_FULL':
    case 'SHUTTING_DOWN':
      return { kind: 'busy', detail: error.message };
    case 'UNKNOWN_TASK':
    case 'NOT_FOUND':
    case 'EXPIRED':
    case 'RANGE_NOT_SATISFIABLE':
    case 'CANCELLED':
    case 'TASK_FAILED':
    case 'WORKER_CRASHED':
    case 'INTERNAL':
      return { kind: 'failed', detail: `${error.code}: ${error.message}` };
    default: {
      const unknown: never = error.code;
      return { kind: 'failed', detail: String(unknown) };
    }
  }
}

/** State after a task snapshot: running while live, then done, error or cancelled. */
function fromSnapshot(state: WidgetState, snapshot: TaskSnapshot): WidgetState {
  switch (snapshot.status) {
    case 'queued':
    case 'running':
      return {
        kind: 'running',
        snapshot,
        reconnecting: false,
        cancelling: state.kind === 'running' && state.snapshot.taskId === snapshot.taskId && state.cancelling,
      };
    case 'completed': {
      const files = snapshot.result?.files ?? [];
      const main = pickMainFile(files);
      return { kind: 'done', snapshot, main, others: files.filter((f) => f !== main) };
    }
    case 'cancelled':
      return { kind: 'cancelled' };
    case 'failed':
      return { kind: 'error', failure: failureFromError(snapshot.error) };
    default: {
      const unknown: never = snapshot.status;
      return { kind: 'error', failure: { kind: 'failed', detail: `unknown status ${String(unknown)}` } };
    }
  }
}

export function reducer(state: WidgetState, action: Action): WidgetState {
  switch (action.type) {
    case 'step':
      return { kind: 'preparing', step: action.step };
    case 'snapshot':
      return fromSnapshot(state, action.snapshot);
    case 'connection':
      return state.kind === 'running' ? { ...state, reconnecting: !action.up } : state;
    case 'cancelRequested':
      return state.kind === 'running' ? { ...state, cancelling: true } : state;
    case 'fail':
      return { kind: 'error', failure: action.failure };
    case 'reset':
      return INITIAL_STATE;
    case 'last':
      return state.kind === 'idle' ? { kind: 'idle', last: action.snapshot } : state;
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}

/** True while a run is being prepared or is live: the main button is then disabled. */
export function isBusy(state: WidgetState): boolean {
  return state.kind === 'preparing' || state.kind === 'running';
}
