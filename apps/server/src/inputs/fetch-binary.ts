import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './address-policy.js';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  /** Allow loopback/private/link-local targets (development only). */
  allowPrivate: boolean;
}

export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchError';
  }
}

const MAX_REDIRECTS = 3;

/**
 * A DNS lookup that refuses forbidden addresses. It is the lookup the socket actually connects
 * with, so a name that resolves differently on a second query (DNS rebinding) cannot slip through.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      const list = addresses;
      const bad = list.find((a) => !allowPrivate && !isPublicAddress(a.address));
      if (bad || list.length === 0) {
        callback(new FetchError(`refusing to fetch from ${hostname}: it resolves to an address that is not public (loopback, private, link-local, reserved…)`), '', 0);
        return;
      }
      if ((options as { all?: boolean }).all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      } else {
        callback(null, list[0].address, list[0].family);
      }
    });
  };
}

/**
 * Fetches a binary input given as URL + headers, with the server's limits: http(s) only, at most
 * `maxBytes`, within `timeoutMs` overall, redirects re-checked (at most 3), and no connection to
 * an address that is not public unicast (checked on IP literals and on every resolved address).
 * The caller's headers (credentials meant for that origin) go to the first URL's origin only: a
 * redirect to another origin is followed without any of them, and https → http is refused.
 */
export async function fetchBinary(
  ref: { url: string; headers?: Record<string, string> },
  limits: FetchLimits,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let url = parseUrl(ref.url);
  let headers = ref.headers ?? {};
  for (let hop = 0; ; hop++) {
    const res = await get(url, headers, limits, combined);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) {
        throw new FetchError(`too many redirects fetching ${redact(url)}`);
      }
      const next = parseUrl(new URL(res.headers.location, url).href);
      headers = redirectHeaders(url, next, headers);
      url = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new FetchError(`fetching ${redact(url)} answered HTTP ${status}`);
    }
    return readBody(res, limits.maxBytes, url);
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(`only http and https URLs can be fetched (got ${url.protocol})`);
  }
  if (url.username || url.password) {
    throw new FetchError('credentials in the URL are not accepted: pass them as headers');
  }
  return url;
}

/**
 * The headers for a redirect hop from `from` to `to`: the same on the same origin, none on
 * another (the Fetch standard drops `Authorization` there; we drop every caller-supplied header,
 * since any of them may carry a credential: cookies, API keys, signed tokens). A downgrade from
 * https to http is refused: it would expose the request (and the answer) on the network.
 */
export function redirectHeaders(from: URL, to: URL, headers: Record<string, string>): Record<string, string> {
  if (from.protocol === 'https:' && to.protocol === 'http:') {
    throw new FetchError(`refusing to follow a redirect from https to http (${redact(from)} → ${redact(to)})`);
  }
  return from.origin === to.origin ? headers : {};
}

function get(url: URL, headers: Record<string, string>, limits: FetchLimits, signal: AbortSignal): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !limits.allowPrivate && !isPublicAddress(host)) {
    return Promise.reject(new FetchError(`refusing to fetch from ${host}: not a public address (loopback, private, link-local, reserved…)`));
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, signal, lookup: guardedLookup(limits.allowPrivate) }, resolve);
    req.on('error', (err) => reject(err.name === 'AbortError' ? new FetchError(`fetching ${redact(url)} timed out or was cancelled`) : err instanceof FetchError ? err : new FetchError(`fetching ${redact(url)} failed: ${err.message}`)));
    req.end();
  });
}

async function readBody(res: IncomingMessage, maxBytes: number, url: URL): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new FetchError(`${redact(url)} is ${declared} bytes, more than the limit of ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        res.destroy();
        throw new FetchError(`${redact(url)} is larger than the limit of ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof FetchError) {
      throw err;
    }
    throw new FetchError(`fetching ${redact(url)} failed while reading: ${(err as Error).message}`);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** URL without query string (which may carry tokens) for messages. */
function redact(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
