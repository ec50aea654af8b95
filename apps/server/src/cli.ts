import { ConfigError, loadConfig } from './config/env.js';
import { createLogger, logFormatOf } from './common/logger.js';
import { startServer } from './server.js';

/** The server's command line (`node dist/main.js [--demo]`, see main.ts). The only reader of process.env. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const pretty = logFormatOf(config, process.stdout.isTTY === true) === 'pretty';
  const log = createLogger(config.logLevel, pretty ? 'pretty' : 'json');
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
  let server;
  try {
    server = await startServer(config, log);
  } catch (err) {
    // A refusal to start (the result area held by another server, a port in use…): one clear
    // line for a person, the logged error for the log collector, and a failing exit code.
    log.fatal({ err }, 'could not start');
    process.stderr.write(`JPSP-NG could not start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  if (config.demo && !process.env.JPSP_API_KEYS && !process.env.JPSP_API_KEYS_FILE) {
    process.stdout.write(demoBanner([
      'JPSP-NG demo mode',
      `demo page:   ${server.url}/demo/`,
      `API docs:    ${server.url}/api/docs`,
      `demo key:    ${config.apiKeys[0]}`,
      '(generated for this run; set JPSP_API_KEYS to use your own keys)',
    ], pretty));
  }
  const stop = (signal: string) => {
    log.info({ signal }, 'shutdown requested');
    server.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a second signal during the drain must not kill the process with its default action.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** The demo banner: plain lines among JSON logs, a bold framed box among pretty ones. */
function demoBanner(lines: string[], pretty: boolean): string {
  if (!pretty) {
    return `\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`;
  }
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '─'.repeat(width + 2);
  const body = lines.map((l) => `│ ${l.padEnd(width)} │`).join('\n');
  return `\n\x1b[1;36m┌${rule}┐\n${body}\n└${rule}┘\x1b[0m\n\n`;
}

void main();
