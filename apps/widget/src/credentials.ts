import type { WidgetOptions } from './options.js';

/** What the Socket.IO handshake carries (`auth`). */
export type HandshakeAuth = { token: string } | { apiKey: string };

/** A token is refreshed when it has less than this left, so a connection never starts with a dying one. */
const REFRESH_MARGIN_MS = 60_000;

/** Refused or unreachable token endpoint (e.g. the Indico session has ended). */
export class CredentialError extends Error {}

/** Expiry (epoch ms) read from a JWT's payload; NaN when unreadable. No verification: the server does that. */
export function tokenExpiry(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * The credential of each connection attempt: the page's API key as is, or a token kept fresh
 * from `tokenUrl` (fetched when the current one is missing or has under a minute left).
 */
export function credentialSource(options: WidgetOptions): () => Promise<HandshakeAuth> {
  const { apiKey, tokenUrl } = options;
  let token = options.token;
  return async () => {
    if (apiKey && !token && !tokenUrl) {
      return { apiKey };
    }
    const left = token ? tokenExpiry(token) - Date.now() : 0;
    if (tokenUrl && !(left > REFRESH_MARGIN_MS)) {
      token = await fetchToken(tokenUrl);
    }
    if (!token) {
      throw new CredentialError('no token');
    }
    return { token };
  };
}

async function fetchToken(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch {
    throw new CredentialError(`${url}: network error`);
  }
  const body = (response.ok ? await response.json().catch(() => null) : null) as { token?: unknown } | null;
  if (typeof body?.token !== 'string') {
    throw new CredentialError(`${url}: HTTP ${response.status}`);
  }
  return body.token;
}
