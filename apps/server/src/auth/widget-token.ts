import { createHmac } from 'node:crypto';
import { ErrorCode, TOKEN_AUDIENCE, TOKEN_SECRET_INFO } from '@jpsp/contracts';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { keyIdOf, type KeyId } from './api-key.js';
import { TaskError } from '../common/task-error.js';
import type { Caller, TokenGrant } from './caller.js';

/** Clock skew allowed between the minting host and this server. */
const CLOCK_TOLERANCE_S = 30;

/** True once a token's grant has expired (with the same clock tolerance as at the handshake). */
export function grantExpired(grant: TokenGrant, now = Date.now()): boolean {
  return grant.expiresAt + CLOCK_TOLERANCE_S * 1000 <= now;
}
/** A token may submit only the tasks it names, and only until it expires. */
export function checkGrant(caller: Caller, task: string): void {
  const grant = caller.token;
  if (grant && grantExpired(grant)) {
    throw new TaskError(ErrorCode.UNAUTHORIZED, 'The token has expired: get a fresh one and connect again');
  }
  if (grant && !grant.tasks.includes(task)) {
    throw new TaskError(ErrorCode.UNAUTHORIZED, `This token may not run ${task} (it allows: ${grant.tasks.join(', ')})`);
  }
}

const MAX_TOKEN_LENGTH = 4096;
const MAX_TASKS = 20;
const NAME = /^[A-Za-z0-9._:-]{1,100}$/;

/** Why a token was refused: said to the client (it holds the token), never logged with it. */
export class TokenRefused extends Error {}

/** The HS256 secret of a key's tokens: HMAC-SHA256(key, TOKEN_SECRET_INFO). */
export function tokenSecret(apiKey: string): Buffer {
  return createHmac('sha256', apiKey).update(TOKEN_SECRET_INFO).digest();
}

/** True when `value` has the shape of a compact JWS (three base64url parts, a JSON header). */
export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TOKEN_LENGTH && /^eyJ[\w-]*\.eyJ[\w-]*\.[\w-]+$/.test(value);
}

/**
 * Mints a token for a key (the demo page's token route; the Indico plugin has its own minter in
 * Python, and docs/protocol.md shows one for integrators).
 */
export async function mintToken(apiKey: string, scope: { event: string; tasks: string[]; sub?: string }, lifetimeMs: number): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + Math.floor(lifetimeMs / 1000);
  const token = await new SignJWT({ event: scope.event, tasks: scope.tasks, ...(scope.sub === undefined ? {} : { sub: scope.sub }) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(apiKey) })
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(tokenSecret(apiKey));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * Verifies widget tokens: HS256 only, signed with the derived secret of a configured key (named by
 * `kid`), audience `jpsp-ng`, not expired, not living longer than `maxLifetimeMs`, with an event
 * scope and task names. Key rotation invalidates a key's tokens: its secret is gone.
 */
export class WidgetTokenVerifier {
  private readonly secrets: ReadonlyMap<KeyId, Buffer>;

  constructor(
    secrets: ReadonlyMap<KeyId, Buffer>,
    private readonly maxLifetimeMs: number,
  ) {
    this.secrets = secrets;
  }

  /** The key the token belongs to and what it grants, or throws `TokenRefused` with the reason. */
  async verify(token: string): Promise<{ keyId: KeyId; grant: TokenGrant }> {
    let kid: unknown;
    try {
      ({ kid } = decodeProtectedHeader(token));
    } catch {
      throw new TokenRefused('the token is malformed');
    }
    const secret = typeof kid === 'string' ? this.secrets.get(kid) : undefined;
    if (!secret || typeof kid !== 'string') {
      throw new TokenRefused('the token is signed by a key this server does not know (rotated, or another server\'s)');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], audience: TOKEN_AUDIENCE, clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ['exp', 'iat'] }));
    } catch (err) {
      throw new TokenRefused(reasonOf(err));
    }
    const { iat = 0, exp = 0, event, tasks, sub } = payload;
    if ((exp - iat) * 1000 > this.maxLifetimeMs) {
      throw new TokenRefused(`the token lives longer than this server allows (${Math.round(this.maxLifetimeMs / 60_000)} minutes)`);
    }
    if (typeof event !== 'string' || !NAME.test(event)) {
      throw new TokenRefused('the token has no valid "event" claim');
    }
    if (!Array.isArray(tasks) || tasks.length === 0 || tasks.length > MAX_TASKS || !tasks.every((t) => typeof t === 'string' && NAME.test(t))) {
      throw new TokenRefused('the token has no valid "tasks" claim');
    }
    if (sub !== undefined && (typeof sub !== 'string' || sub.length > 200)) {
      throw new TokenRefused('the token has an invalid "sub" claim');
    }
    return { keyId: kid, grant: { event, tasks: tasks as string[], expiresAt: exp * 1000, ...(sub === undefined ? {} : { subject: sub }) } };
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) {
    return 'the token has expired';
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return 'the token\'s signature does not match (tampered, or signed with another key)';
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return 'the token is not signed with HS256';
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    return `the token's "${err.claim}" claim is not valid`;
  }
  return 'the token is malformed';
}
