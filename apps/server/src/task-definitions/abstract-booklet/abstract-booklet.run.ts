/**
 * The abstract-booklet task, worker side: event export → model → ODT / DOCX (in-process, with
 * @jpsp/booklet) → PDF (LibreOffice, optional). Imports nothing from Nest: only Node, the engine
 * and this folder's plain modules. Input was validated at submit (DTO + validate()); the event is
 * checked again here because the run module is also called directly (e.g. by the e2e tasks).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FieldError } from '@jpsp/contracts';
import {
  BookletTemplateError,
  buildModel,
  validateEvent,
  writeDocx,
  writeOdt,
  type BookletFormat,
  type BookletModel,
  type ModelOptions,
} from '@jpsp/booklet';
import type { TaskContext } from '../task-definition.js';
import { BOOKLET_FORMATS, DEFAULT_FORMATS, MAX_INLINE_TEMPLATE_BYTES, MEDIA_TYPES, type BinarySource, type BookletInput, type BookletOptionsInput, eventPath } from './booklet-input.js';
import { SOFFICE_PATH, hasSoffice } from './soffice.js';

/** `result.data` of a completed booklet. */
export interface BookletRunData {
  days: number;
  blocks: number;
  contributions: number;
  persons: number;
}

/** LibreOffice's own bound for one conversion (the task's timeout usually ends it first). */
const PDF_TIMEOUT_MS = 10 * 60_000;
const SH = '/bin/sh';

/** An error with a wire code the worker passes through (`VALIDATION_FAILED`, `TASK_FAILED`). */
class BookletTaskError extends Error {
  constructor(
    readonly code: 'VALIDATION_FAILED' | 'TASK_FAILED',
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message);
    this.name = 'BookletTaskError';
  }
}

type TemplateFormat = 'odt' | 'docx';
const LABEL: Readonly<Record<BookletFormat, string>> = { odt: 'ODT', docx: 'DOCX', pdf: 'PDF' };

export async function run(rawInput: unknown, ctx: TaskContext): Promise<BookletRunData> {
  const input = (rawInput ?? {}) as BookletInput;
  const options: BookletOptionsInput = input.options ?? {};
  const formats = formatsOf(options);
  const wantOdt = formats.includes('odt') || formats.includes('pdf');
  const wantDocx = formats.includes('docx');
  const steps = plan(formats);

  ctx.progress(steps.validate, 'validate', 'Checking the event export');
  const { event, errors } = validateEvent(input.event);
  if (!event || errors.length > 0) {
    const details = errors.map((e) => ({ path: `input.${eventPath(e.path)}`, reason: e.reason }));
    throw new BookletTaskError('VALIDATION_FAILED', `The event export is not valid: ${details[0]?.path ?? 'input.event'} ${details[0]?.reason ?? 'is not an Indico event'}`, details);
  }
  if (formats.includes('pdf') && !hasSoffice()) {
    throw new BookletTaskError('VALIDATION_FAILED', 'pdf needs LibreOffice (soffice) on the server, which is not installed', [
      { path: 'input.options.formats', reason: 'pdf needs LibreOffice (soffice) on the server, which is not installed' },
    ]);
  }
  ctx.signal.throwIfAborted();

  const templates: Partial<Record<TemplateFormat, Uint8Array>> = {};
  for (const format of ['docx', 'odt'] as const) {
    const source = options.template?.[format];
    if (source === undefined) {
      continue;
    }
    if (format === 'docx' ? !wantDocx : !wantOdt) {
      ctx.warn(`options.template.${format} was not used: no ${format === 'docx' ? 'DOCX' : 'ODT or PDF'} was requested`);
      continue;
    }
    ctx.progress(steps.templates, 'templates', typeof source === 'string' ? `Decoding the ${LABEL[format]} template` : `Fetching the ${LABEL[format]} template`);
    templates[format] = await loadTemplate(format, source, ctx);
    ctx.signal.throwIfAborted();
  }

  ctx.progress(steps.model, 'model', 'Building the booklet model');
  const { model, warnings } = buildModel(event, modelOptions(options));
  for (const warning of warnings) {
    ctx.warn(warning);
  }
  const { stats } = model;
  ctx.progress(steps.model, 'model', `${count(stats.contributions, 'contribution')} in ${count(stats.blocks, 'session')} over ${count(stats.days, 'day')}`);
  ctx.signal.throwIfAborted();

  const base = fileBase(model.event);
  let odt: Uint8Array | undefined;
  if (wantOdt) {
    ctx.progress(steps.odt, 'odt', formats.includes('odt') ? 'Writing the ODT' : 'Writing the ODT to convert to PDF');
    odt = write('odt', model, templates.odt);
    if (formats.includes('odt')) {
      await ctx.writeFile(`${base}-abstract-booklet.odt`, odt, MEDIA_TYPES.odt);
    }
    ctx.signal.throwIfAborted();
  }
  if (wantDocx) {
    ctx.progress(steps.docx, 'docx', 'Writing the DOCX');
    await ctx.writeFile(`${base}-abstract-booklet.docx`, write('docx', model, templates.docx), MEDIA_TYPES.docx);
    ctx.signal.throwIfAborted();
  }
  if (formats.includes('pdf') && odt) {
    ctx.progress(steps.pdf, 'pdf', 'Converting to PDF with LibreOffice');
    const pdf = await convertToPdf(odt, ctx, (seconds) => {
      // LibreOffice reports nothing: creep towards the end of the phase so the bar keeps moving.
      const percent = steps.pdf + (steps.done - 1 - steps.pdf) * (1 - Math.exp(-seconds / 20));
      ctx.progress(percent, 'pdf', `Converting to PDF with LibreOffice (${seconds} s)`);
    });
    await ctx.writeFile(`${base}-abstract-booklet.pdf`, pdf, MEDIA_TYPES.pdf);
  }

  ctx.progress(steps.done, 'done', `Booklet ready: ${formats.map((f) => LABEL[f]).join(', ')}`);
  return { days: stats.days, blocks: stats.blocks, contributions: stats.contributions, persons: stats.persons };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Percent at the start of each phase, for the formats asked for (rough relative costs). */
function plan(formats: readonly BookletFormat[]): Record<'validate' | 'templates' | 'model' | 'odt' | 'docx' | 'pdf' | 'done', number> {
  const cost = {
    validate: 4,
    templates: 4,
    model: 20,
    odt: formats.includes('odt') || formats.includes('pdf') ? 15 : 0,
    docx: formats.includes('docx') ? 30 : 0,
    pdf: formats.includes('pdf') ? 100 : 0,
  };
  const total = Object.values(cost).reduce((a, b) => a + b, 0);
  let at = 0;
  const start = (phase: keyof typeof cost) => {
    const p = Math.round((at / total) * 100);
    at += cost[phase];
    return p;
  };
  return { validate: start('validate'), templates: start('templates'), model: start('model'), odt: start('odt'), docx: start('docx'), pdf: start('pdf'), done: 100 };
}

/** The engine's options: only those given (the engine applies its own defaults). */
function modelOptions(options: BookletOptionsInput): ModelOptions {
  const keys = ['timezone', 'locale', 'includeAbstracts', 'includePosters', 'includeAuthorIndex', 'customFields', 'pageSize', 'index'] as const;
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}

/** Formats asked for, known ones only, without repeats (the DTO already refused anything else). */
function formatsOf(options: BookletOptionsInput): BookletFormat[] {
  const asked = Array.isArray(options.formats) ? options.formats.filter((f) => BOOKLET_FORMATS.includes(f)) : [];
  return [...new Set(asked.length > 0 ? asked : DEFAULT_FORMATS)];
}

async function loadTemplate(format: TemplateFormat, source: BinarySource, ctx: TaskContext): Promise<Uint8Array> {
  const path = `input.options.template.${format}`;
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    bytes = new Uint8Array(Buffer.from(source, 'base64'));
    if (bytes.byteLength > MAX_INLINE_TEMPLATE_BYTES) {
      throw new BookletTaskError('VALIDATION_FAILED', `The ${LABEL[format]} template is larger than ${MAX_INLINE_TEMPLATE_BYTES} bytes`, [
        { path, reason: `is larger than the ${MAX_INLINE_TEMPLATE_BYTES}-byte limit for inline templates` },
      ]);
    }
  } else {
    try {
      bytes = await ctx.fetchBinary(source);
    } catch (err) {
      ctx.signal.throwIfAborted();
      throw new BookletTaskError('TASK_FAILED', `Could not fetch the ${LABEL[format]} template (options.template.${format}): ${(err as Error)?.message ?? String(err)}`);
    }
  }
  // Both formats are ZIP packages: refuse anything else with a clear message before the writer.
  if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    const what = format === 'docx' ? 'a .docx file' : 'an .odt or .ott file';
    throw new BookletTaskError('VALIDATION_FAILED', `The ${LABEL[format]} template is not ${what} (not a ZIP package)`, [{ path, reason: `is not ${what} (not a ZIP package)` }]);
  }
  return bytes;
}

/** Runs a writer; a template it cannot use becomes VALIDATION_FAILED naming the template. */
function write(format: TemplateFormat, model: BookletModel, template: Uint8Array | undefined): Uint8Array {
  try {
    return format === 'odt' ? writeOdt(model, template ? { styles: template } : {}) : writeDocx(model, template ? { template } : {});
  } catch (err) {
    const path = `input.options.template.${format}`;
    if (err instanceof BookletTemplateError || (err as Error)?.name === 'BookletTemplateError') {
      const e = err as BookletTemplateError;
      // The engine's paths are relative to `input` (`options.template.odt`) or name a part of the template.
      const details = (Array.isArray(e.details) ? e.details : []).map((d) => {
        const at = typeof d?.path === 'string' ? d.path : '';
        return at.startsWith('options.') ? { path: `input.${at}`, reason: d.reason } : { path, reason: at ? `${at}: ${d.reason}` : d.reason };
      });
      if (details.length === 0) {
        details.push({ path, reason: e.message });
      }
      // The engine's messages already name the template ("The DOCX template has an error: …").
      const message = /^The (DOCX|ODT)\b/.test(e.message) ? e.message : `The ${LABEL[format]} template cannot be used: ${e.message}`;
      throw new BookletTaskError('VALIDATION_FAILED', message, details);
    }
    if (template) {
      throw new BookletTaskError('TASK_FAILED', `Writing the ${LABEL[format]} with the custom template (options.template.${format}) failed: ${(err as Error)?.message ?? String(err)}`);
    }
    throw err;
  }
}

/** `<slug of the title>` or `event-<id>`: `[A-Za-z0-9-]`, at most 80 characters. */
export function fileBase(event: { title: string; id: string }): string {
  const slug = (s: string, max: number) =>
    String(s ?? '')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, max)
      .replace(/-+$/, '');
  const title = slug(event.title, 80);
  if (title) {
    return title;
  }
  const id = slug(event.id, 40);
  return id ? `event-${id}` : 'event';
}

/**
 * ODT → PDF with LibreOffice in a fresh directory with its own profile (concurrent conversions
 * sharing a profile lose files with exit code 0). Bounded by a timeout and by the task's signal:
 * both kill LibreOffice's whole process group, then the task cleans up and returns within the
 * executor's grace period, having reaped its children. Should its worker thread be terminated
 * first (or the server die), a small watchdog process (see `startWatchdog`) kills the conversion
 * and deletes the directory.
 */
async function convertToPdf(odt: Uint8Array, ctx: TaskContext, onTick: (seconds: number) => void): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-booklet-pdf-'));
  let watchdog: ChildProcess | undefined;
  try {
    const input = join(dir, 'booklet.odt');
    const outDir = join(dir, 'out');
    await writeFile(input, odt);
    const args = [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--invisible',
      '--norestore',
      '--nologo',
      '--nodefault',
      '--nolockcheck',
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      input,
    ];
    const result = await runBounded(SOFFICE_PATH, args, PDF_TIMEOUT_MS, ctx.signal, onTick, (pid) => {
      watchdog = startWatchdog(pid, dir);
    });
    ctx.signal.throwIfAborted();
    if (result.timedOut) {
      throw new BookletTaskError('TASK_FAILED', `LibreOffice did not convert the booklet to PDF within ${PDF_TIMEOUT_MS / 1000} s`);
    }
    const out = join(outDir, 'booklet.pdf');
    if (!existsSync(out)) {
      const why = result.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
      throw new BookletTaskError('TASK_FAILED', `LibreOffice produced no PDF (exit code ${result.code ?? result.signal})${why ? `: ${why}` : ''}`);
    }
    return new Uint8Array(await readFile(out));
  } finally {
    // Synchronous: a termination of the worker cannot cut it in half. The watchdog lives until the
    // directory is gone, so it still cleans up if the thread is terminated before this line.
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    } catch {
      // the watchdog or a later sweep of the temp dir
    }
    await killAndReap(watchdog);
  }
}

/**
 * Kills a child and waits (≤ 1 s) until this thread has reaped it. Reaping needs this thread's
 * event loop: an idle worker sleeps in `Atomics.wait`, and a stopped one is gone, so a child not
 * reaped before the task returns would stay a zombie process.
 */
async function killAndReap(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGKILL');
  });
}

/**
 * A `sh` that waits for end-of-file on a pipe from this thread, then kills the process group
 * `pgid` and deletes `dir`. The pipe closes when the worker thread is terminated (cancel, timeout)
 * or the server dies; on the normal path the watchdog is killed first and does nothing.
 */
function startWatchdog(pgid: number, dir: string): ChildProcess | undefined {
  if (!existsSync(SH)) {
    return undefined;
  }
  // SIGKILL is not synchronous: delete after a moment, and once more in case a dying LibreOffice
  // still wrote into its profile. (`-s SIG --` is the negative-pid form every sh, dash too, accepts.)
  const script = [
    'cat >/dev/null',
    'kill -s KILL -- "-$1" 2>/dev/null',
    'sleep 0.2',
    'rm -rf -- "$2"',
    'sleep 1',
    'rm -rf -- "$2"',
  ].join('\n');
  const watchdog = spawn(SH, ['-c', script, 'jpsp-booklet-watchdog', String(pgid), dir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => undefined);
  watchdog.stdin?.on('error', () => undefined);
  return watchdog;
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  timedOut: boolean;
}

function runBounded(
  cmd: string,
  args: string[],
  timeoutMs: number,
  signal: AbortSignal,
  onTick: (seconds: number) => void,
  onSpawn: (pid: number) => void,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a kill reaches soffice.bin behind the launcher script.
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    if (child.pid !== undefined) {
      onSpawn(child.pid);
    }
    let stderr = '';
    let timedOut = false;
    const started = Date.now();
    const killGroup = () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const ticker = setInterval(() => onTick(Math.round((Date.now() - started) / 1000)), 1000);
    const onAbort = () => killGroup();
    signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      clearInterval(ticker);
      signal.removeEventListener('abort', onAbort);
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4096);
    });
    child.once('error', (err) => {
      cleanup();
      reject(new BookletTaskError('TASK_FAILED', `Could not start LibreOffice: ${err.message}`));
    });
    child.once('close', (code, sig) => {
      cleanup();
      resolve({ code, signal: sig, stderr, timedOut });
    });
    if (signal.aborted) {
      killGroup();
    }
  });
}
