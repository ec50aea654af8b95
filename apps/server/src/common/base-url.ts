import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig } from '../config/env.js';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;
/** Base URLs seen so far, so that the sockets of one host share one string; bounded (hosts come from clients). */
const known = new Map<string, string>();
const MAX_KNOWN = 64;

function shared(url: string): string {
  const seen = known.get(url);
  if (seen !== undefined) {
    return seen;
  }
  if (known.size < MAX_KNOWN) {
    known.set(url, url);
  }
  return url;
}

/**
 * The origin put in front of download URLs: `JPSP_PUBLIC_URL` when set, else the Host the client
 * reached us by (X-Forwarded-* only with JPSP_TRUST_PROXY). A malformed Host falls back to loopback.
 */
export function baseUrlOf(headers: IncomingHttpHeaders, secure: boolean, config: Pick<AppConfig, 'publicUrl' | 'trustProxy' | 'port'>): string {
  if (config.publicUrl) {
    return config.publicUrl;
  }
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
  let host = headers.host;
  let proto = secure ? 'https' : 'http';
  if (config.trustProxy) {
    host = first(headers['x-forwarded-host']) ?? host;
    const fp = first(headers['x-forwarded-proto']);
    proto = fp === 'https' || fp === 'http' ? fp : proto;
  }
  if (!host || !HOST.test(host)) {
    return shared(`${proto}://127.0.0.1:${config.port}`);
  }
  return shared(`${proto}://${host}`);
}
