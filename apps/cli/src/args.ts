import { parseArgs } from 'node:util';

export const FORMATS = ['odt', 'docx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export interface BookletArgs {
  input: string;
  /** Output path of the first format; the others get the same name with their extension. */
  output?: string;
  formats: Format[];
  lang?: string;
  timezone?: string;
  pageSize?: string;
  index?: string;
  templates: string[];
  quiet: boolean;
}

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'booklet'; args: BookletArgs };

/** A mistake in the command line (exit code 2, with the usage). */
export class UsageError extends Error {}

export const USAGE = `Usage: jpsp booklet <event.json> [options]

Builds the abstract booklet of an Indico event export (/export/event/<id>.json?detail=sessions)
with the same engine as the JPSP-NG server, without a server.

Options:
  -o, --output <file>     where to write (default: <event.json without .json>.<format> here);
                          with several formats, each gets this name with its own extension
  -f, --format <list>     odt, docx and/or pdf, comma-separated (default: odt)
  -l, --lang <locale>     language of dates and labels: en, it, fr, de (default: en)
      --timezone <zone>   IANA zone every time is printed in (default: the event's)
      --page-size <size>  A4, Letter or A5 (default: A4)
      --index <style>     author index entries with programme codes or page numbers: codes, pages
  -t, --template <file>   a .docx template and/or an .odt/.ott style template (repeatable)
  -q, --quiet             no progress bar, no warnings (errors still go to stderr)
  -h, --help              this text
  -v, --version           the version

Exit codes: 0 written; 1 failed (unexpected); 2 bad command line; 3 the event is invalid (the
field paths are listed); 4 a file could not be read or written; 5 PDF conversion failed or
LibreOffice is missing.`;

export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        lang: { type: 'string', short: 'l' },
        timezone: { type: 'string' },
        'page-size': { type: 'string' },
        index: { type: 'string' },
        template: { type: 'string', short: 't', multiple: true },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return { kind: 'help' };
  }
  if (values.version) {
    return { kind: 'version' };
  }
  const [command, input, ...rest] = positionals;
  if (command === undefined) {
    throw new UsageError('missing command: jpsp booklet <event.json>');
  }
  if (command !== 'booklet') {
    throw new UsageError(`unknown command "${command}" (the only one is "booklet")`);
  }
  if (input === undefined) {
    throw new UsageError('missing the event file: jpsp booklet <event.json>');
  }
  if (rest.length > 0) {
    throw new UsageError(`unexpected argument "${rest[0]}"`);
  }
  const formats = (values.format ?? 'odt').split(',').map((f) => f.trim().toLowerCase());
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown format "${f}" (use odt, docx or pdf)`);
    }
  }
  if (new Set(formats).size !== formats.length) {
    throw new UsageError('a format is listed twice');
  }
  return {
    kind: 'booklet',
    args: {
      input,
      formats: formats as Format[],
      templates: values.template ?? [],
      quiet: values.quiet ?? false,
      ...(values.output === undefined ? {} : { output: values.output }),
      ...(values.lang === undefined ? {} : { lang: values.lang }),
      ...(values.timezone === undefined ? {} : { timezone: values.timezone }),
      ...(values['page-size'] === undefined ? {} : { pageSize: values['page-size'] }),
      ...(values.index === undefined ? {} : { index: values.index }),
    },
  };
}
