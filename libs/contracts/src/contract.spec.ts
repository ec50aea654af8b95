// The contract is consistent with itself and with its prose (docs/protocol.md): every error code
// has an HTTP status and a documented row with that status; event names are unique; the terminal
// statuses are the ones `isTerminal` accepts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClientEvent, ERROR_CODES, ErrorCode, HTTP_STATUS_BY_CODE, ServerEvent, TaskStatus, TERMINAL_STATUSES, isTerminal } from './index.js';

const protocol = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
/** `code → HTTP` from the error table of docs/protocol.md. */
const documented = new Map([...protocol.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]));

describe('error codes', () => {
  it('each code is its own name, listed once in ERROR_CODES', () => {
    expect(Object.entries(ErrorCode).every(([k, v]) => k === v)).toBe(true);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(ErrorCode).sort());
  });

  it('each code has an HTTP error status, and nothing else has one', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      expect(HTTP_STATUS_BY_CODE[code], code).toBeGreaterThanOrEqual(400);
      expect(HTTP_STATUS_BY_CODE[code], code).toBeLessThan(600);
    }
  });

  it('docs/protocol.md documents every code with the same HTTP status, and no other code', () => {
    expect(Object.fromEntries(documented)).toEqual(HTTP_STATUS_BY_CODE);
  });
});

describe('events and statuses', () => {
  it('event names are unique, domain:action, and documented', () => {
    const names = [...Object.values(ClientEvent), ...Object.values(ServerEvent)];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z]+:[a-z]+$/);
      expect(protocol, name).toContain(`\`${name}\``);
    }
  });

  it('the terminal statuses are exactly those isTerminal accepts', () => {
    const all = Object.values(TaskStatus);
    expect(all.filter(isTerminal)).toEqual([...TERMINAL_STATUSES]);
    expect(TERMINAL_STATUSES).toEqual(['completed', 'failed', 'cancelled']);
  });
});
