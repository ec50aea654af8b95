// Booklet engine benchmark: for the FEL2022 fixture (233 contributions) and a generated
// 2,000-contribution event (generate-event.mjs, seed 42), the median of several runs of each
// phase and the peak RSS, each case in fresh child processes (so the RSS is that case's): one for
// the timings, one doing a single pass (model, ODT, DOCX) like the task, for the peak RSS.
//   model = validateEvent + buildModel, ODT = writeOdt(model), DOCX = writeDocx(model)
//
//   npm run bench:booklet                 (builds first)
//   node libs/booklet/bench/booklet.bench.mjs [--runs N] [--json]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
/** One line of this script's output on stdout. */
const print = (line = '') => process.stdout.write(`${line}\n`);

const FIXTURE = fileURLToPath(new URL('../test/fixtures/jacow-fel2022-event-44-detail-sessions.json', import.meta.url));
const LIB = new URL('../dist/index.js', import.meta.url).href;
export const TARGETS = { generated2000: { odtS: 0.27, docxS: 1.0, peakRssMb: 250, cliOdtS: 0.6, cliOdtRssMb: 150, cliDocxRssMb: 200 } };
export const CASES = [
  { id: 'fel2022', label: 'FEL2022 fixture (233 contributions)' },
  { id: 'generated2000', label: 'generated, 2,000 contributions' },
];

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** In the child: runs one case and prints one JSON line. */
async function runCase(id, runs, file) {
  const lib = await import(LIB);
  // Both cases are read from a JSON file, as the task receives a parsed export: the generator's
  // own garbage is not part of the peak RSS.
  const payload = JSON.parse(readFileSync(file, 'utf8'));
  const inputRssMb = process.memoryUsage().rss / 1024 / 1024;
  const contributions = payload.results[0].sessions.reduce((n, s) => n + (s.contributions?.length ?? 0), 0);
  const out = { id, contributions, runs, inputRssMb, inputBytes: Buffer.byteLength(readFileSync(file)), phases: {}, errors: {} };
  const phase = (name, fn) => {
    if (out.errors.model && name !== 'model') {
      out.errors[name] = 'needs the model';
      return undefined;
    }
    const times = [];
    let value;
    try {
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        value = fn();
        times.push((performance.now() - t0) / 1000);
      }
    } catch (err) {
      out.errors[name] = String(err?.message ?? err).slice(0, 200);
      return undefined;
    }
    out.phases[name] = { medianS: median(times), minS: Math.min(...times), samples: times.length };
    return value;
  };
  const validated = phase('validate', () => {
    const { event, errors } = lib.validateEvent(payload);
    if (!event) {
      throw new Error(`validateEvent refused the event: ${JSON.stringify(errors.slice(0, 3))}`);
    }
    return event;
  });
  const built = phase('model', () => lib.buildModel(validated));
  const model = built?.model;
  const odt = phase('odt', () => lib.writeOdt(model));
  const docx = phase('docx', () => lib.writeDocx(model));
  // What a user waits for: the parsed export in, the file's bytes out (validate + model + write).
  // Timed runs only: the single pass that measures the peak RSS does what the task does, once.
  if (runs > 1) {
    phase('engineOdt', () => lib.writeOdt(lib.buildModel(lib.validateEvent(payload).event).model));
    phase('engineDocx', () => lib.writeDocx(lib.buildModel(lib.validateEvent(payload).event).model));
  }
  out.bytes = { odt: odt?.byteLength, docx: docx?.byteLength };
  out.warnings = built?.warnings?.length;
  out.peakRssMb = process.resourceUsage().maxRSS / 1024;
  print(JSON.stringify(out));
}

const CLI = fileURLToPath(new URL('../../../apps/cli/bin/jpsp.mjs', import.meta.url));
const GNU_TIME = '/usr/bin/time';

/**
 * A cold CLI run, file to file, as an editor runs it (`jpsp booklet event.json -f odt`): wall
 * time and peak RSS from GNU time (`%e %M`), median of `runs` fresh processes.
 */
async function cliCold(file, format, runs) {
  const dir = mkdtempSync(join(tmpdir(), 'jpsp-cli-bench-'));
  try {
    const times = [];
    const rss = [];
    for (let i = 0; i < runs; i++) {
      const line = await new Promise((resolve, reject) => {
        const p = spawn(GNU_TIME, ['-f', '%e %M', CLI, 'booklet', file, '-f', format, '-q', '-o', join(dir, `out.${format}`)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('error', reject);
        p.on('exit', (code) => (code === 0 ? resolve(err.trim().split('\n').pop()) : reject(new Error(`jpsp exited with ${code}: ${err.slice(-300)}`))));
      });
      const [seconds, kb] = line.split(' ').map(Number);
      times.push(seconds);
      rss.push(kb / 1024);
    }
    return { medianS: median(times), peakRssMb: median(rss), runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function child(id, runs, file) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--case', id, '--runs', String(runs), '--file', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => {
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      resolve(line ? JSON.parse(line) : { id, phases: {}, errors: { case: `exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}` } });
    });
  });
}

export async function runBookletBench(runs = 5) {
  const { generateEvent } = await import('./generate-event.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'jpsp-booklet-bench-'));
  try {
    const generated = join(dir, 'generated-2000.json');
    writeFileSync(generated, JSON.stringify(generateEvent(2000, 42)));
    const files = { fel2022: FIXTURE, generated2000: generated };
    const results = [];
    for (const c of CASES) {
      // Timings: `runs` passes in one process. Peak RSS: one more fresh process doing a single
      // pass, as the task does (repeated passes only add garbage the GC has not collected yet).
      const timed = await child(c.id, runs, files[c.id]);
      const once = await child(c.id, 1, files[c.id]);
      const cli = existsSync(GNU_TIME) && existsSync(CLI) ? { odt: await cliCold(files[c.id], 'odt', runs), docx: await cliCold(files[c.id], 'docx', runs) } : undefined;
      results.push({ ...c, ...timed, peakRssMb: once.peakRssMb, peakRssMbRepeated: timed.peakRssMb, ...(cli ? { cli } : {}) });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmtS = (r, name) => (r.phases[name] ? `${r.phases[name].medianS.toFixed(3)} s` : r.errors[name] ? `— (${r.errors[name].slice(0, 40)})` : '—');

export function bookletTable(results) {
  const lines = [
    '| case | validate | model | ODT writer | DOCX writer | **engine, JSON → ODT** | engine, JSON → DOCX | peak RSS (one pass, ODT + DOCX) | cold CLI, file → ODT | cold CLI, file → DOCX | ODT / DOCX size |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const cli = (r, f) => (r.cli?.[f] ? `${r.cli[f].medianS.toFixed(2)} s, ${r.cli[f].peakRssMb.toFixed(0)} MB` : '—');
  for (const r of results) {
    const size = r.bytes && (r.bytes.odt || r.bytes.docx) ? `${((r.bytes.odt ?? 0) / 1024).toFixed(0)} / ${((r.bytes.docx ?? 0) / 1024).toFixed(0)} KiB` : '—';
    lines.push(`| ${r.label} | ${fmtS(r, 'validate')} | ${fmtS(r, 'model')} | ${fmtS(r, 'odt')} | ${fmtS(r, 'docx')} | **${fmtS(r, 'engineOdt')}** | ${fmtS(r, 'engineDocx')} | ${r.peakRssMb ? `${r.peakRssMb.toFixed(0)} MB` : '—'} | ${cli(r, 'odt')} | ${cli(r, 'docx')} | ${size} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(flag('--runs', '5'));
  const only = flag('--case');
  if (only) {
    await runCase(only, runs, flag('--file'));
  } else {
    const results = await runBookletBench(runs);
    if (args.includes('--json')) {
      print(JSON.stringify(results));
    } else {
      print(`Booklet engine, median of ${runs} runs per phase, each case in a fresh process (Node ${process.version})\n`);
      print(bookletTable(results));
      const g = results.find((r) => r.id === 'generated2000');
      const t = TARGETS.generated2000;
      print(`\ntargets at 2,000: ODT ≤ ${t.odtS} s, DOCX ≤ ${t.docxS} s, peak RSS ≤ ${t.peakRssMb} MB` +
        (g?.phases.odt && g?.phases.docx ? ` → ${g.phases.odt.medianS <= t.odtS && g.phases.docx.medianS <= t.docxS && g.peakRssMb <= t.peakRssMb ? 'met' : 'NOT met'}` : ''));
    }
  }
}
