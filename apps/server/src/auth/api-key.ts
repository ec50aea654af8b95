import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { API_KEY_HEADER } from '@jpsp/contracts';

/** Identity of a caller: a short hash of its key, safe to log and to use as the tenant id. */
export type KeyId = string;

/**
 * Verifies API keys in constant time. Keys are only kept as SHA-256 digests; every configured
 * digest is compared on every call (no early exit), so timing reveals neither key nor position.
 */
export class ApiKeyVerifier {
  private readonly digests: Buffer[];
  /** Tenant ids, computed once: every connection of a tenant shares the same string. */
  private readonly ids: KeyId[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
    this.ids = this.digests.map(idOfDigest);
  }

  /** The key's tenant id, or `undefined` when the key is unknown. */
  verify(candidate: unknown): KeyId | undefined {
    if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1024) {
      return undefined;
    }
    const d = digest(candidate);
    let match: KeyId | undefined;
    for (let i = 0; i < this.digests.length; i++) {
      if (timingSafeEqual(d, this.digests[i])) {
        match = this.ids[i];
      }
    }
    return match;
  }
}

/** The tenant id of a key: the first 16 hex digits of its SHA-256 (also a token's `kid`). */
export function keyIdOf(key: string): KeyId {
  return idOfDigest(digest(key));
}

function idOfDigest(d: Buffer): KeyId {
  return d.subarray(0, 8).toString('hex');
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The key from `Authorization: Bearer <key>` or `X-Api-Key: <key>` (first match wins). */
export function keyFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) {
      return m[1];
    }
  }
  const x = headers[API_KEY_HEADER];
  return typeof x === 'string' ? x.trim() : undefined;
}
