/**
 * Short-lived, scoped tokens for browsers (the widget): minted by whoever holds an API key (the
 * Indico plugin), verified by the task server without calling anyone back. A compact JWS (JWT)
 * signed with HS256; `docs/protocol.md` ("Tokens for browsers") shows how to mint one.
 */

/** The JWT `aud` every token must carry. */
export const TOKEN_AUDIENCE = 'jpsp-ng';

/**
 * The HMAC secret of a token is not the API key itself but HMAC-SHA256(key = API key, message =
 * this string): the key never signs anything directly, and the server keeps only derived values.
 */
export const TOKEN_SECRET_INFO = 'jpsp-ng widget token v1';

/** Protected header of a token. */
export interface TokenHeader {
  alg: 'HS256';
  typ?: 'JWT';
  /** The signing key's id: the first 16 hex digits of SHA-256(API key), the server's tenant id. */
  kid: string;
}

/** Claims of a token. Times are seconds since the epoch (JWT `NumericDate`). */
export interface TokenClaims {
  aud: typeof TOKEN_AUDIENCE;
  iat: number;
  /** After this the token opens no connection and submits nothing (running tasks go on). */
  exp: number;
  /** The scope: an Indico event id. The token sees and cancels only tasks submitted under it. */
  event: string;
  /** Task names the token may submit (e.g. `["abstract-booklet"]`). */
  tasks: string[];
  /** Who asked for it (e.g. the Indico user); becomes the task's submitter in the server's log. */
  sub?: string;
}
