import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { FEL2022, PAGES, SERVER_MAIN, TEST_TASKS, WIDGET_DIST } from './paths.js';
import { mintToken } from './tokens.js';
import { paperFiles, servePapers } from './papers.js';

export interface TaskServer {
  url: string;
  /** Every stdout/stderr line of the server so far (pino JSON lines). */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real built server (`node apps/server/dist/main.js`) on an ephemeral port, with the
 * e2e test tasks, the given API keys and the host pages' origin allowed. Reads its URL from the
 * `"msg":"listening"` log line.
 */
export async function startTaskServer(options: { keys: string[]; allowedOrigin: string } | { demo: true }): Promise<TaskServer> {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` first`);
  }
  const tempDir = mkdtempSync(join(tmpdir(), 'jpsp-e2e-'));
  // Demo mode (`npm start`): generated key, the demo host page and the widget served by the server.
  const demo = 'demo' in options;
  const proc: ChildProcess = spawn(process.execPath, demo ? [SERVER_MAIN, '--demo'] : [SERVER_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      ...(demo ? {} : { JPSP_API_KEYS: options.keys.join(','), JPSP_ALLOWED_ORIGINS: options.allowedOrigin, JPSP_EXTRA_TASKS: TEST_TASKS }),
      // The paper check fetches its PDFs from the host pages' server, on loopback.
      ...(demo ? {} : { JPSP_FETCH_ALLOW_PRIVATE: 'true' }),
      JPSP_TEMP_DIR: join(tempDir, 'results'),
      JPSP_MAX_THREADS: '2',
      JPSP_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the task server did not start in 30 s:\n${logs.join('\n')}`)), 30_000);
    for (const stream of [proc.stdout, proc.stderr]) {
      let buffer = '';
      stream?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let i: number;
        while ((i = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          logs.push(line);
          if (line.includes('"msg":"listening"')) {
            clearTimeout(timer);
            resolve((JSON.parse(line) as { url: string }).url);
          }
        }
      });
    }
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the task server exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  return {
    url,
    logs,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

export interface PagesServer {
  url: string;
  /** How many times `/token.json` was asked for. */
  tokenRequests(): number;
  close(): Promise<void>;
}

/**
 * The host pages' origin (not the task server's): `/pages/*` from e2e/pages, `/widget/*` the built
 * bundle, `/event.json` the FEL2022 export, `/token.json?key&id&task` a fresh widget token (the
 * host's side, as the Indico plugin's), `/papers.json` and `/papers/*.pdf` the paper check's input
 * (as the plugin's papers.json and signed file URLs), anything else 404 (the "event URL 404" case).
 */
export async function startPagesServer(): Promise<PagesServer> {
  let tokens = 0;
  const papers = await paperFiles();
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    if (path === '/papers.json' || path.startsWith('/papers/')) {
      servePapers(path, req.headers.authorization, papers, origin, res);
      return;
    }
    if (path === '/token.json') {
      tokens++;
      const q = url.searchParams;
      const token = mintToken(q.get('key') ?? '', q.get('id') ?? '', [q.get('task') ?? ''], { exp: Number(q.get('ttl') ?? 600) });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ token }));
      return;
    }
    let file: string | undefined;
    if (path === '/event.json') {
      file = FEL2022;
    } else {
      for (const [prefix, dir] of [['/pages/', PAGES], ['/widget/', WIDGET_DIST]] as const) {
        if (path.startsWith(prefix)) {
          const candidate = normalize(join(dir, path.slice(prefix.length)));
          if (candidate.startsWith(dir + sep) && existsSync(candidate) && statSync(candidate).isFile()) {
            file = candidate;
          }
        }
      }
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests: () => tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A URL where nothing listens (the "server down" case). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
