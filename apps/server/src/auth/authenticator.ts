import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyVerifier, keyFromHeaders } from './api-key.js';
import type { Caller } from './caller.js';
import { looksLikeToken, tokenSecret, TokenRefused, WidgetTokenVerifier } from './widget-token.js';

/** Refusal of a credential; `reason` is safe to show to the client that sent it. */
export class AuthFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AuthFailure';
  }
}

const MISSING = 'missing or invalid API key or token (Authorization: Bearer <key or token>, X-Api-Key, or the Socket.IO auth { apiKey } / { token })';

/**
 * The one place credentials are checked, for the Socket.IO handshake and for REST: an API key
 * (integrators; constant-time against every configured key) or a widget token signed with the
 * derived secret of one of them.
 */
export class Authenticator {
  private readonly keys: ApiKeyVerifier;
  private readonly tokens: WidgetTokenVerifier;
  /** One frozen caller per key, shared by all its connections (no object per socket). */
  private readonly keyCallers = new Map<string, Caller>();

  constructor(apiKeys: readonly string[], tokenMaxLifetimeMs: number) {
    this.keys = new ApiKeyVerifier(apiKeys);
    const secrets = new Map(apiKeys.map((k) => [this.keys.verify(k) as string, tokenSecret(k)]));
    this.tokens = new WidgetTokenVerifier(secrets, tokenMaxLifetimeMs);
  }

  /** An API key only (operations: `/metrics`). */
  keyOnly(headers: IncomingHttpHeaders): Caller {
    const keyId = this.keys.verify(keyFromHeaders(headers));
    if (!keyId) {
      throw new AuthFailure('missing or invalid API key (Authorization: Bearer <key> or X-Api-Key); tokens are not accepted here');
    }
    return this.keyCaller(keyId);
  }

  /** The caller of a Socket.IO handshake: `auth.token`, `auth.apiKey`, else the headers. */
  handshake(auth: unknown, headers: IncomingHttpHeaders): Promise<Caller> {
    const a = (auth ?? {}) as { apiKey?: unknown; token?: unknown };
    return this.credential(a.token ?? a.apiKey ?? keyFromHeaders(headers));
  }

  /** The caller of a REST request (`Authorization: Bearer`, `X-Api-Key`). */
  http(headers: IncomingHttpHeaders): Promise<Caller> {
    return this.credential(keyFromHeaders(headers));
  }

  private async credential(value: unknown): Promise<Caller> {
    const keyId = this.keys.verify(value);
    if (keyId) {
      return this.keyCaller(keyId);
    }
    if (!looksLikeToken(value)) {
      throw new AuthFailure(MISSING);
    }
    try {
      const { keyId: owner, grant } = await this.tokens.verify(value);
      return { keyId: owner, token: grant };
    } catch (err) {
      throw new AuthFailure(err instanceof TokenRefused ? err.message : MISSING);
    }
  }

  private keyCaller(keyId: string): Caller {
    let caller = this.keyCallers.get(keyId);
    if (!caller) {
      caller = Object.freeze({ keyId });
      this.keyCallers.set(keyId, caller);
    }
    return caller;
  }
}
