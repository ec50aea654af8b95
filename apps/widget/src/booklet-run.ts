import { ClientEvent, HANDSHAKE_UNAUTHORIZED, ServerEvent, isTerminal, type Ack, type TaskSnapshot } from '@jpsp/contracts';
import { idempotencyKey } from './idempotency.js';
import { DEFAULT_TASK, type WidgetOptions } from './options.js';
import { CredentialError, credentialSource, type HandshakeAuth } from './credentials.js';
import { connectTaskServer, emitList, emitTask, type TaskSocket } from './socket-client.js';
import { profileOf, type TaskProfile } from './task-profiles.js';
import { failureFromError, pickMainFile, type Action, type Failure } from './task-state.js';

const ACK_TIMEOUT_MS = 30_000;

/** A failure to show as is (anything else thrown during a run is reported as `server`). */
class RunFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind);
  }
}

/** Thrown when a newer attempt (or dispose) superseded the one that was waiting. */
class Stale extends Error {}

/** Where the id of a live run is kept, so that a reload resumes it instead of starting another. */
export interface RunStore {
  load(): string | null;
  save(taskId: string): void;
  clear(): void;
}

export function sessionRunStore(options: WidgetOptions): RunStore {
  const slot = `jpsp-booklet:${options.serverUrl}:${options.eventId}:${options.task ?? DEFAULT_TASK}`;
  // Sandboxed frames throw on sessionStorage: then there is no resume, everything else works.
  const use = <T>(fn: (s: Storage) => T): T | null => {
    try {
      return fn(sessionStorage);
    } catch {
      return null;
    }
  };
  return {
    load: () => use((s) => s.getItem(slot)),
    save: (taskId) => use((s) => s.setItem(slot, taskId)),
    clear: () => use((s) => s.removeItem(slot)),
  };
}

/**
 * One widget's conversation with the task server: fetch the event, connect, submit (or resume),
 * follow the snapshots, cancel, download. Reports every change as a reducer action.
 */
export class BookletRun {
  private socket?: TaskSocket;
  private taskId?: string;
  /** Bumped by every start, resume and dispose: answers to an older attempt are ignored. */
  private attempt = 0;
  /** The handshake credential, asked at every connection (a token is refreshed when needed). */
  private readonly credential: () => Promise<HandshakeAuth>;
  private readonly profile: TaskProfile;

  constructor(
    private readonly options: WidgetOptions,
    private readonly dispatch: (action: Action) => void,
    private readonly store: RunStore,
    private readonly download: (url: string, name: string) => void,
  ) {
    this.credential = credentialSource(options);
    this.profile = profileOf(options.task ?? DEFAULT_TASK);
  }

  /** Click: fetch the event data, connect, submit with the idempotency key. */
  start(): Promise<void> {
    return this.run('fetching', async (socket) => {
      const { text, event } = await this.fetchEvent();
      const { task = DEFAULT_TASK, bookletOptions, eventId } = this.options;
      const idem = await idempotencyKey(eventId, this.profile.fingerprint(text, event), task, bookletOptions, this.profile.keyPrefix);
      this.dispatch({ type: 'step', step: 'connecting' });
      const live = await socket();
      this.dispatch({ type: 'step', step: 'submitting' });
      return emitTask(live, ClientEvent.SUBMIT, {
        task,
        input: this.profile.input(event, this.options),
        // One run at a time per event (a lock, not the idempotency key: changed data still queues).
        options: { idempotencyKey: idem, lockKey: `event:${eventId}`.slice(0, 200), ...(this.options.submitter ? { submitter: this.options.submitter.slice(0, 200) } : {}) },
      }, ACK_TIMEOUT_MS);
    });
  }

  /**
   * Page load: a task id kept from before is resumed (reconnect and subscribe; a forgotten task
   * leaves the widget idle). Otherwise the event's latest run is looked up: a live one (started
   * in another tab, or by another organiser) is followed, a finished one is shown while idle.
   */
  resume(): Promise<void> {
    const taskId = this.store.load();
    return taskId ? this.run('resuming', async (socket) => emitTask(await socket(), ClientEvent.SUBSCRIBE, { taskId }, ACK_TIMEOUT_MS), true) : this.showLastRun();
  }

  private async showLastRun(): Promise<void> {
    const attempt = ++this.attempt;
    let socket: TaskSocket | undefined;
    try {
      socket = await connectTaskServer(this.options.serverUrl, this.credential);
      const ack = await emitList(socket, { task: this.options.task ?? DEFAULT_TASK, limit: 1 }, ACK_TIMEOUT_MS);
      const last = ack.ok ? ack.data.items[0] : undefined;
      if (attempt !== this.attempt || !last) {
        return;
      }
      if (isTerminal(last.status)) {
        this.dispatch({ type: 'last', snapshot: last });
      } else {
        this.store.save(last.taskId);
        socket.close();
        socket = undefined;
        await this.resume();
      }
    } catch {
      // Only a hint: an unreachable server is reported when the organiser clicks.
    } finally {
      socket?.close();
    }
  }

  /** Retry after an error: resume the kept run if there is one, else start again. */
  retry(): Promise<void> {
    return this.store.load() ? this.resume() : this.start();
  }

  async cancel(): Promise<void> {
    const { socket, taskId, attempt } = this;
    if (socket && taskId) {
      this.dispatch({ type: 'cancelRequested' });
      // The final snapshot may come first as a broadcast, which closes the socket and rejects
      // the pending ack: once the task is over, its late answer (or failure) is moot.
      try {
        const ack = await emitTask(socket, ClientEvent.CANCEL, { taskId }, ACK_TIMEOUT_MS);
        if (this.taskId === taskId) {
          this.follow(attempt, ack);
        }
      } catch (err) {
        if (this.taskId === taskId) {
          this.failed(attempt, err);
        }
      }
    }
  }

  dispose(): void {
    this.attempt++;
    this.close();
  }

  /** One attempt: `ask` gets a function that connects, and returns the ack carrying the task. */
  private async run(first: 'fetching' | 'resuming', ask: (socket: () => Promise<TaskSocket>) => Promise<Ack<TaskSnapshot>>, resuming = false): Promise<void> {
    this.close();
    const attempt = ++this.attempt;
    this.dispatch({ type: 'step', step: first });
    try {
      const ack = await ask(() => this.connect(attempt));
      if (resuming && !ack.ok && (ack.error.code === 'NOT_FOUND' || ack.error.code === 'EXPIRED')) {
        this.guard(attempt);
        this.store.clear();
        this.close();
        this.dispatch({ type: 'reset' });
        return;
      }
      this.follow(attempt, ack);
    } catch (err) {
      this.failed(attempt, err);
    }
  }

  private guard(attempt: number): void {
    if (attempt !== this.attempt) {
      throw new Stale();
    }
  }

  private async fetchEvent(): Promise<{ text: string; event: unknown }> {
    let detail = 'network error';
    try {
      const response = await fetch(this.options.eventUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      detail = `HTTP ${response.status}`;
      if (response.ok) {
        const text = await response.text();
        detail = 'not JSON';
        return { text, event: JSON.parse(text) as unknown };
      }
    } catch {
      // detail says how far it got
    }
    throw new RunFailure({ kind: 'event', detail });
  }

  private async connect(attempt: number): Promise<TaskSocket> {
    this.guard(attempt);
    const socket = await connectTaskServer(this.options.serverUrl, this.credential).catch((err: Error) => {
      throw new RunFailure(err instanceof CredentialError || err.message === HANDSHAKE_UNAUTHORIZED ? { kind: 'auth' } : { kind: 'server', detail: err.message });
    });
    if (attempt !== this.attempt) {
      socket.close();
      throw new Stale();
    }
    this.socket = socket;
    socket.on(ServerEvent.UPDATE, (snapshot) => this.onSnapshot(snapshot));
    socket.on('disconnect', (reason) => {
      this.dispatch({ type: 'connection', up: false });
      if (reason === 'io server disconnect') {
        socket.connect();
      }
    });
    // After a drop socket.io reconnects by itself; the snapshot is then fetched again.
    socket.io.on('reconnect', async () => {
      const { taskId } = this;
      if (taskId && socket === this.socket) {
        try {
          const ack = await emitTask(socket, ClientEvent.SUBSCRIBE, { taskId }, ACK_TIMEOUT_MS);
          if (this.taskId === taskId) {
            this.dispatch({ type: 'connection', up: true });
            this.follow(attempt, ack);
          }
        } catch (err) {
          if (this.taskId === taskId) {
            this.failed(attempt, err);
          }
        }
      }
    });
    return socket;
  }

  private follow(attempt: number, ack: Ack<TaskSnapshot>): void {
    this.guard(attempt);
    if (!ack.ok) {
      throw new RunFailure(failureFromError(ack.error));
    }
    if (!isTerminal(ack.data.status)) {
      this.store.save(ack.data.taskId);
    }
    this.taskId = ack.data.taskId;
    this.onSnapshot(ack.data);
  }

  private onSnapshot(snapshot: TaskSnapshot): void {
    if (snapshot.taskId !== this.taskId) {
      return;
    }
    if (isTerminal(snapshot.status)) {
      // Only once: the ack and the broadcast can both carry the final snapshot.
      this.taskId = undefined;
      this.store.clear();
      this.close();
    }
    this.dispatch({ type: 'snapshot', snapshot });
    const main = this.profile.autoDownload && snapshot.status === 'completed' && pickMainFile(snapshot.result?.files ?? []);
    if (main) {
      this.download(main.url, main.name);
    }
  }

  private failed(attempt: number, err: unknown): void {
    if (err instanceof Stale || attempt !== this.attempt) {
      return;
    }
    this.close();
    const failure: Failure = err instanceof RunFailure ? err.failure : { kind: 'server', detail: String(err) };
    // The server may be back later: keep the task id so that "Try again" resumes the run.
    if (failure.kind !== 'server') {
      this.store.clear();
    }
    this.dispatch({ type: 'fail', failure });
  }

  private close(): void {
    const { socket } = this;
    this.socket = undefined;
    socket?.io.removeAllListeners('reconnect');
    socket?.removeAllListeners();
    socket?.close();
  }
}
