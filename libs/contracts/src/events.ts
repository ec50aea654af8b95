import type { AckCallback } from './ack.js';
import type { ListPayload, RunList, SubmitPayload, TaskCatalogEntry, TaskRefPayload, TaskSnapshot } from './task.js';

/** Event names: never emit a raw string. */
export const ClientEvent = {
  SUBMIT: 'task:submit',
  SUBSCRIBE: 'task:subscribe',
  CANCEL: 'task:cancel',
  CATALOG: 'task:catalog',
  LIST: 'task:list',
  RETRY: 'task:retry',
} as const;
export type ClientEvent = (typeof ClientEvent)[keyof typeof ClientEvent];

export const ServerEvent = {
  UPDATE: 'task:update',
} as const;
export type ServerEvent = (typeof ServerEvent)[keyof typeof ServerEvent];

/** Events a client emits; the last argument is always the ack callback. */
export interface ClientToServerEvents {
  'task:submit': (payload: SubmitPayload, ack: AckCallback<TaskSnapshot>) => void;
  'task:subscribe': (payload: TaskRefPayload, ack: AckCallback<TaskSnapshot>) => void;
  'task:cancel': (payload: TaskRefPayload, ack: AckCallback<TaskSnapshot>) => void;
  'task:catalog': (payload: Record<string, never>, ack: AckCallback<TaskCatalogEntry[]>) => void;
  'task:list': (payload: ListPayload, ack: AckCallback<RunList>) => void;
  'task:retry': (payload: TaskRefPayload, ack: AckCallback<TaskSnapshot>) => void;
}

export interface ServerToClientEvents {
  'task:update': (snapshot: TaskSnapshot) => void;
}

/** Message of the `connect_error` a client gets when its key is missing or wrong. */
export const HANDSHAKE_UNAUTHORIZED = 'UNAUTHORIZED';

/** The header that carries an API key (besides `Authorization: Bearer` and the Socket.IO `auth`). Lower case, as Node reads it. */
export const API_KEY_HEADER = 'x-api-key';
