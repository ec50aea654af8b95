import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

const KEY = 'k'.repeat(24);

describe(loadConfig.name, () => {
  it('applies defaults', () => {
    const sut = loadConfig({ JPSP_API_KEYS: KEY });
    expect(sut).toMatchObject({ apiKeys: [KEY], port: 3000, maxQueue: 100, resultTtlMs: 3_600_000, maxPayloadBytes: 32 * 1024 * 1024, demo: false, host: '0.0.0.0', workerIdleMs: 60_000, stopGraceMs: 2_000 });
  });

  it('reads the worker idle time, 0 included, and refuses a negative one', () => {
    expect(loadConfig({ JPSP_API_KEYS: KEY, JPSP_WORKER_IDLE_MS: '0' }).workerIdleMs).toBe(0);
    expect(loadConfig({ JPSP_API_KEYS: KEY, JPSP_WORKER_IDLE_MS: '1500' }).workerIdleMs).toBe(1500);
    expect(() => loadConfig({ JPSP_API_KEYS: KEY, JPSP_WORKER_IDLE_MS: '-1' })).toThrow(/JPSP_WORKER_IDLE_MS/);
  });

  it('reads the stop grace period, bounded to a minute', () => {
    expect(loadConfig({ JPSP_API_KEYS: KEY, JPSP_STOP_GRACE_MS: '250' }).stopGraceMs).toBe(250);
    expect(() => loadConfig({ JPSP_API_KEYS: KEY, JPSP_STOP_GRACE_MS: '600000' })).toThrow(/JPSP_STOP_GRACE_MS/);
  });

  it('lists every bad variable at once', () => {
    let err: ConfigError | undefined;
    try {
      loadConfig({ PORT: '70000', JPSP_MAX_QUEUE: 'many', JPSP_ALLOWED_ORIGINS: 'indico', JPSP_LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'JPSP_MAX_QUEUE', 'JPSP_ALLOWED_ORIGINS', 'JPSP_LOG_LEVEL', 'JPSP_API_KEYS or JPSP_API_KEYS_FILE']));
  });

  it('reads keys from a file (comments and blank lines ignored) and refuses short keys', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jpsp-env-')), 'keys');
    writeFileSync(file, `# organisers\n${KEY}\n\n${'z'.repeat(20)}\n`);
    expect(loadConfig({ JPSP_API_KEYS_FILE: file }).apiKeys).toEqual([KEY, 'z'.repeat(20)]);
    expect(() => loadConfig({ JPSP_API_KEYS: 'short' })).toThrow(/shorter than 16/);
  });

  it('generates a demo key only in demo mode, and binds demo mode to loopback', () => {
    const demo = loadConfig({}, ['--demo']);
    expect(demo.apiKeys[0]).toMatch(/^demo-/);
    expect(demo.host).toBe('127.0.0.1');
    expect(loadConfig({ JPSP_API_KEYS: KEY }, ['--demo']).apiKeys).toEqual([KEY]);
  });
});
