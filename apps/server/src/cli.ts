import { ConfigError, loadConfig } from './config/env.js';
import { createLogger } from './common/logger.js';
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
  const log = createLogger(config.logLevel);
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
    process.stdout.write(
      `\n  JPSP-NG demo mode\n  demo page:   ${server.url}/demo/\n  API docs:    ${server.url}/api/docs\n  demo key:    ${config.apiKeys[0]}\n  (generated for this run; set JPSP_API_KEYS to use your own keys)\n\n`,
    );
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

void main();
