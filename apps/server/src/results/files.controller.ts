import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorEnvelopeModel } from '../common/openapi.js';
import { ErrorCode } from '@jpsp/contracts';
import type { Request, Response } from 'express';
import { TaskError } from '../common/task-error.js';
import { ResultStore } from './result-store.js';
import { ClusterFiles } from '../cluster/cluster-files.js';
import { pipeline } from 'node:stream/promises';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Downloads. The token in the path is the capability (no header needed, so a browser can follow
 * the link); unknown tokens and names are 404 alike, expired tokens 410.
 */
@ApiTags('files')
@ApiExtraModels(ErrorEnvelopeModel)
@Controller('files')
export class FilesController {
  constructor(
    @Inject(ResultStore) private readonly store: ResultStore,
    @Inject(ClusterFiles) private readonly cluster: ClusterFiles | null,
  ) {}

  @Get(':token/:name')
  @ApiOperation({ summary: 'Download a result file (supports Range and If-None-Match)' })
  @ApiHeader({ name: 'Range', required: false, description: 'bytes=<start>-<end>' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The file\'s ETag ("<sha256>")' })
  @ApiResponse({ status: 200, description: 'The file, as an attachment (an HTML report inline, sandboxed by its Content-Security-Policy)', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 206, description: 'The requested range', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched)' })
  @ApiErrors('NOT_FOUND', 'EXPIRED', 'RANGE_NOT_SATISFIABLE')
  async download(@Param('token') token: string, @Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = !TOKEN.test(token) ? { status: 'missing' as const } : this.cluster ? await this.cluster.lookup(token, name) : this.store.lookup(token, name);
    if (found.status !== 'ok') {
      throw found.status === 'expired' ? new TaskError(ErrorCode.EXPIRED, 'This download has expired; run the task again') : new TaskError(ErrorCode.NOT_FOUND, 'Not found');
    }
    const { file } = found;
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Disposition', contentDisposition(file.name, file.mediaType));
    if (isInline(file.mediaType)) {
      // A report opened in a tab: an opaque origin, no script, nothing fetched from anywhere.
      res.setHeader('Content-Security-Policy', REPORT_CSP);
    }
    res.setHeader('ETag', `"${file.sha256}"`);
    res.setHeader('Cache-Control', 'private, no-transform');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === `"${file.sha256}"`)) {
      res.status(304).end();
      return;
    }
    // A range wholly past the end (`curl -C -` on a complete file) is 416 with the size, so the
    // client knows it has everything; never an error body labelled as the file's type.
    if (req.headers.range !== undefined && req.range(file.size) === -1) {
      clearFileHeaders(res);
      res.setHeader('Content-Range', `bytes */${file.size}`);
      throw new TaskError(ErrorCode.RANGE_NOT_SATISFIABLE, `The range is outside the file (${file.size} bytes)`, { size: file.size });
    }
    if ('key' in found) {
      await streamFromStore(this.cluster as ClusterFiles, found.key, file.size, req, res);
      return;
    }
    const { path } = found as { path: string };
    // `send` passes unknown options on to fs.createReadStream: 256 KiB reads instead of 64 KiB
    // take a 200 MiB download over loopback from ~0.8× to about the speed of a bare node:http server.
    const options = { etag: false, lastModified: false, acceptRanges: true, dotfiles: 'allow' as const, highWaterMark: READ_CHUNK_BYTES };
    res.sendFile(path, options, (err?: Error) => {
      if (err && !res.headersSent) {
        clearFileHeaders(res);
        res.status(404).json({ error: { code: ErrorCode.NOT_FOUND, message: 'Not found' } });
      }
    });
  }
}

/** HTML reports (the paper check's) open in the browser; every other file is an attachment. */
const REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const isInline = (mediaType: string) => /^text\/html\b/i.test(mediaType);

function contentDisposition(name: string, mediaType: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${isInline(mediaType) ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Cluster mode: the file from the object store, one range at most (a multi-range request gets
 * the whole file, which HTTP allows), with the headers set above.
 */
async function streamFromStore(files: ClusterFiles, key: string, size: number, req: Request, res: Response): Promise<void> {
  const ranges = req.headers.range !== undefined ? req.range(size) : undefined;
  const one = Array.isArray(ranges) && ranges.length === 1 && ranges.type === 'bytes' ? ranges[0] : undefined;
  const object = await files.objects.get(key, one);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Length', String(object.contentLength));
  if (one) {
    res.status(206).setHeader('Content-Range', `bytes ${one.start}-${one.end}/${size}`);
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(object.body as NodeJS.ReadableStream & AsyncIterable<Uint8Array>, res).catch(() => res.destroy());
}

/** An error answer carries none of the file's headers (its type above all). */
function clearFileHeaders(res: Response): void {
  for (const name of ['Content-Type', 'Content-Disposition', 'ETag', 'Content-Range', 'Content-Security-Policy']) {
    res.removeHeader(name);
  }
}
