import { createHash, createHmac } from 'node:crypto';

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

/**
 * A widget token minted the way docs/protocol.md tells a host to (what the Indico plugin does):
 * HS256, secret HMAC-SHA256(API key, "jpsp-ng widget token v1"), `kid` = SHA-256(key)[0..16].
 * `iat`/`exp` are offsets in seconds from now.
 */
export function mintToken(key: string, event: string, tasks: string[], { iat = 0, exp = 600 } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: createHash('sha256').update(key).digest('hex').slice(0, 16) }));
  const body = b64url(JSON.stringify({ aud: 'jpsp-ng', iat: now + iat, exp: now + exp, event, tasks, sub: 'e2e' }));
  const secret = createHmac('sha256', key).update('jpsp-ng widget token v1').digest();
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}
