import type { KeyId } from './api-key.js';

/** What a widget token grants, read from its claims (see `TokenClaims` in libs/contracts). */
export interface TokenGrant {
  /** The scope (an Indico event id): the token sees only tasks submitted under it. */
  readonly event: string;
  /** Task names the token may submit. */
  readonly tasks: readonly string[];
  /** Epoch ms; enforced at the handshake and at every submit. */
  readonly expiresAt: number;
  readonly subject?: string;
}

/**
 * Who is calling: the tenant (the API key, directly or through a token it signed) and, for a
 * token, what it may do. A key sees every task of its tenant; a token only its event's.
 */
export interface Caller {
  readonly keyId: KeyId;
  readonly token?: TokenGrant;
}
