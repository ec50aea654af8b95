import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';

export interface StoreLocation {
  bucket: string;
  /** Key prefix without slashes around it ('' for none). */
  prefix: string;
}

/** `s3://bucket[/prefix]` → its parts; throws a clear Error otherwise. */
export function parseStoreUrl(url: string): StoreLocation {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) {
    throw new Error(`JPSP_RESULT_STORE: ${JSON.stringify(url)} is not s3://<bucket>[/<prefix>]`);
  }
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

export class ObjectNotFound extends Error {}

/**
 * The object store of cluster mode, through the AWS SDK and its standard variables
 * (`AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`): AWS, MinIO, Ceph RGW, SeaweedFS, Garage. With an endpoint set,
 * path-style addressing (what the self-hosted servers expect). Errors name the bucket and the
 * endpoint, never a credential.
 */
export class S3Objects {
  private readonly client: S3Client;
  private readonly endpoint: string;

  constructor(
    private readonly location: StoreLocation,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    // The SDK warns on Node < 22 that its releases after January 2027 will need 22 (README,
    // "Running several nodes"): said once there, not as a stray line in every node's stderr.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
    this.endpoint = endpoint ?? 'AWS';
    this.client = new S3Client({
      region: env.AWS_REGION || 'us-east-1',
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      // Read the files' SHA-256 ourselves (sent as metadata); no extra checksum pass per upload.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(key: string): string {
    return this.location.prefix ? `${this.location.prefix}/${key}` : key;
  }

  /** Streams the file (never held whole in memory). */
  async putFile(key: string, path: string, meta: { contentType: string; size: number; sha256: string }): Promise<void> {
    await this.call('upload', () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: this.key(key),
          Body: createReadStream(path),
          ContentLength: meta.size,
          ContentType: meta.contentType,
          Metadata: { sha256: meta.sha256 },
        }),
      ),
    );
  }

  async get(key: string, range?: { start: number; end: number }): Promise<{ body: NodeJS.ReadableStream; size: number; contentLength: number }> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      const total = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : Number(out.ContentLength ?? 0);
      return { body: out.Body as Readable, size: total, contentLength: Number(out.ContentLength ?? 0) };
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') {
        throw new ObjectNotFound(`No object ${key}`);
      }
      throw this.describe('download', err);
    }
  }

  /** Batched DeleteObjects (1,000 keys per call). */
  async deleteMany(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((k) => ({ Key: this.key(k) }));
      await this.call('delete', () => this.client.send(new DeleteObjectsCommand({ Bucket: this.location.bucket, Delete: { Objects: batch, Quiet: true } })));
    }
  }

  /** Readiness: write, read back and delete a small object. */
  async probe(): Promise<void> {
    const key = `.probe/${randomBytes(8).toString('hex')}`;
    const body = `jpsp ${Date.now()}`;
    await this.call('probe', () => this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: this.key(key), Body: body, ContentType: 'text/plain' })));
    const read = await this.get(key);
    let text = '';
    for await (const chunk of read.body as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
    }
    await this.deleteMany([key]);
    if (text !== body) {
      throw new Error(`The object store at ${this.endpoint} (bucket ${this.location.bucket}) did not give back what was written`);
    }
  }

  destroy(): void {
    this.client.destroy();
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.describe(what, err);
    }
  }

  private describe(what: string, err: unknown): Error {
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = err instanceof S3ServiceException ? ` (HTTP ${e.$metadata?.httpStatusCode ?? '?'} ${e.name})` : ` (${e.name ?? 'error'}: ${e.message ?? String(err)})`;
    return new Error(`Object store ${what} failed at ${this.endpoint}, bucket ${this.location.bucket}${status}`);
  }
}
