import type { ErrorBody } from './errors.js';

/** The one acknowledgement envelope answering every client→server event. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export type AckCallback<T> = (ack: Ack<T>) => void;
