// Summarizes a V8 .cpuprofile: self time by function and by package.
//   node profile-summary.mjs <file.cpuprofile> [top]   (or import { summarize })
import { readFileSync } from 'node:fs';
/** One line of this script's output on stdout. */
const print = (line = '') => process.stdout.write(`${line}\n`);

function packageOf(url) {
  if (!url) {
    return '(native / GC / idle)';
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    return nm[1];
  }
  if (url.startsWith('node:')) {
    return 'node core';
  }
  const app = /\/(apps\/[^/]+|libs\/[^/]+)\//.exec(url);
  return app ? app[1] : url;
}

export function summarize(file, top = 20) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfSamples = new Map();
  for (const id of profile.samples) {
    selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  }
  const totalUs = profile.endTime - profile.startTime;
  const perSample = totalUs / profile.samples.length;
  const fns = new Map();
  const pkgs = new Map();
  let busy = 0;
  for (const [id, count] of selfSamples) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') {
      continue;
    }
    busy += count;
    const url = callFrame.url.replace(/^file:\/\/.*?\/(node_modules|apps|libs)\//, '$1/');
    const key = `${name} ${url ? `${url}:${callFrame.lineNumber + 1}` : ''}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + count);
    const pkg = name === '(garbage collector)' ? '(garbage collector)' : packageOf(callFrame.url);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + count);
  }
  const pct = (n) => Math.round((n / busy) * 1000) / 10;
  const sort = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, n]) => ({ name: k, pct: pct(n), ms: Math.round((n * perSample) / 1000) }));
  return { busyMs: Math.round((busy * perSample) / 1000), wallMs: Math.round(totalUs / 1000), functions: sort(fns), packages: sort(pkgs) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = summarize(process.argv[2], Number(process.argv[3] ?? 30));
  print(`busy ${s.busyMs} ms of ${s.wallMs} ms`);
  print('\nby package (self time):');
  for (const p of s.packages) {
    print(`  ${String(p.pct).padStart(5)}%  ${p.name}`);
  }
  print('\nby function (self time):');
  for (const f of s.functions) {
    print(`  ${String(f.pct).padStart(5)}%  ${f.name}`);
  }
}
