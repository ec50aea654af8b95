// jpsp: the booklet engine on the command line (started by bin/jpsp.mjs). See `jpsp --help` and
// docs/booklet.md.
import { readFileSync } from 'node:fs';
import { parseCommand, USAGE, UsageError } from './args.js';
import { CliFailure, EXIT, runBooklet } from './booklet-command.js';

async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (command.kind === 'version') {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return EXIT.ok;
    }
    const written = await runBooklet(command.args, process.stderr);
    process.stdout.write(written.map((p) => `${p}\n`).join(''));
    return EXIT.ok;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`jpsp: ${err.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (err instanceof CliFailure) {
      process.stderr.write(`jpsp: ${err.message}\n${err.details.map((d) => `${d}\n`).join('')}`);
      return err.code;
    }
    process.stderr.write(`jpsp: unexpected failure: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.failed;
  }
}

process.exitCode = await main(process.argv.slice(2));
