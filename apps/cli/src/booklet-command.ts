import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { BookletTemplateError, buildModel, INDEX_STYLES, PAGE_SIZES, validateEvent, writeDocx, writeOdt, type ModelOptions } from '@jpsp/booklet';
import { UsageError, type BookletArgs, type Format } from './args.js';
import { odtToPdf, PdfError } from './pdf.js';
import { Progress } from './progress.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, invalid: 3, io: 4, pdf: 5 } as const;

/** A failure with its exit code and the lines to print. */
export class CliFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}


/** `jpsp booklet`: reads the export, builds the booklet, writes each format; returns the files written. */
export async function runBooklet(args: BookletArgs, stderr: NodeJS.WriteStream): Promise<string[]> {
  const progress = new Progress(stderr, args.quiet);
  const options = modelOptions(args);
  const templates = await readTemplates(args.templates);

  let built: { written: string[]; warnings: string[] };
  try {
    built = await build(args, options, templates, progress);
  } finally {
    progress.done();
  }
  const { written, warnings } = built;
  if (!args.quiet) {
    for (const w of warnings) {
      stderr.write(`warning: ${w}\n`);
    }
  }
  return written;
}

async function build(args: BookletArgs, options: ModelOptions, templates: { docx?: Uint8Array; odt?: Uint8Array }, progress: Progress): Promise<{ written: string[]; warnings: string[] }> {
  progress.step(5, 'reading the event');
  const text = await readFile(args.input, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliFailure(EXIT.io, `cannot read ${args.input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (err) {
    throw new CliFailure(EXIT.invalid, `${args.input} is not JSON: ${(err as Error).message}`);
  }
  progress.step(15, 'validating');
  const { event, errors } = validateEvent(payload);
  if (!event || errors.length > 0) {
    throw new CliFailure(EXIT.invalid, `${args.input} is not a usable Indico event export (${errors.length} problem${errors.length === 1 ? '' : 's'}):`, errors.slice(0, 50).map((e) => `  ${e.path || '(the whole file)'}: ${e.reason}`));
  }
  progress.step(30, 'building the booklet');
  const { model, warnings } = buildModel(event, options);

  const written: string[] = [];
  let odt: Uint8Array | undefined;
  const steps = args.formats.length;
  for (const [i, format] of args.formats.entries()) {
    progress.step(40 + (50 * i) / steps, `writing ${format.toUpperCase()}`);
    let bytes: Uint8Array;
    try {
      if (format === 'docx') {
        bytes = writeDocx(model, templates.docx ? { template: templates.docx } : {});
      } else {
        odt ??= writeOdt(model, templates.odt ? { styles: templates.odt } : {});
        bytes = format === 'pdf' ? await odtToPdf(odt) : odt;
      }
    } catch (err) {
      if (err instanceof BookletTemplateError) {
        throw new CliFailure(EXIT.invalid, `the ${format === 'docx' ? '.docx' : '.odt/.ott'} template cannot be used: ${err.message}`, err.details.map((d) => `  ${d.path}: ${d.reason}`));
      }
      if (err instanceof PdfError) {
        throw new CliFailure(EXIT.pdf, err.message);
      }
      throw err;
    }
    const path = outputPath(args, format);
    await writeFile(path, bytes).catch((err: NodeJS.ErrnoException) => {
      throw new CliFailure(EXIT.io, `cannot write ${path}: ${err.code === 'ENOENT' ? 'its folder does not exist' : err.message}`);
    });
    written.push(path);
  }
  return { written, warnings };
}

function modelOptions(args: BookletArgs): ModelOptions {
  const options: ModelOptions = {};
  if (args.lang !== undefined) {
    options.locale = args.lang;
  }
  if (args.timezone !== undefined) {
    options.timezone = args.timezone;
  }
  if (args.pageSize !== undefined) {
    const size = PAGE_SIZES.find((s) => s.toLowerCase() === args.pageSize?.toLowerCase());
    if (!size) {
      throw new UsageError(`unknown page size "${args.pageSize}" (use A4, Letter or A5)`);
    }
    options.pageSize = size;
  }
  if (args.index !== undefined) {
    const style = INDEX_STYLES.find((s) => s === args.index?.toLowerCase());
    if (!style) {
      throw new UsageError(`unknown index style "${args.index}" (use codes or pages)`);
    }
    options.index = style;
  }
  return options;
}

async function readTemplates(paths: string[]): Promise<{ docx?: Uint8Array; odt?: Uint8Array }> {
  const out: { docx?: Uint8Array; odt?: Uint8Array } = {};
  for (const path of paths) {
    const ext = extname(path).toLowerCase();
    const kind = ext === '.docx' ? 'docx' : ext === '.odt' || ext === '.ott' ? 'odt' : undefined;
    if (!kind) {
      throw new UsageError(`template ${path}: use a .docx, .odt or .ott file`);
    }
    if (out[kind]) {
      throw new UsageError(`two ${kind === 'docx' ? '.docx' : '.odt/.ott'} templates given`);
    }
    out[kind] = new Uint8Array(
      await readFile(path).catch((err: NodeJS.ErrnoException) => {
        throw new CliFailure(EXIT.io, `cannot read the template ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
      }),
    );
  }
  return out;
}

/** `-o` as given for one format; otherwise its name with each format's extension. */
export function outputPath(args: Pick<BookletArgs, 'input' | 'output' | 'formats'>, format: Format): string {
  if (args.output !== undefined && args.formats.length === 1) {
    return args.output;
  }
  const base = args.output ?? basename(args.input);
  const ext = extname(base).toLowerCase();
  const stem = ['.json', '.odt', '.docx', '.pdf'].includes(ext) ? base.slice(0, -ext.length) : base;
  return `${stem}.${format}`;
}
