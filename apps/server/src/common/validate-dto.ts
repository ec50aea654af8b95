import type { FieldError } from '@jpsp/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { TaskError } from './task-error.js';

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  // Payloads are always turned into DTO instances first, so unknown *objects* cannot reach here;
  // `true` would also refuse DTOs that declare no property at all ("takes an empty object").
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
} as const;

/**
 * Validates an untrusted payload against a class-validator DTO. Returns the typed instance or
 * throws `TaskError(VALIDATION_FAILED)` with every field path and reason. Not-an-object payloads
 * (strings, arrays, binary attachments, null) are refused before class-transformer sees them.
 */
export function validateDto<T extends object>(cls: new () => T, payload: unknown, prefix = ''): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || Buffer.isBuffer(payload) || ArrayBuffer.isView(payload)) {
    throw TaskError.validation([{ path: prefix, reason: 'must be a JSON object' }]);
  }
  const bad = shapeProblem(payload, MAX_DEPTH);
  if (bad !== undefined) {
    throw TaskError.validation([{ path: joinPath(prefix, bad.path), reason: bad.reason }]);
  }
  const instance = plainToInstance(cls, payload);
  const errors = validateSync(instance, OPTIONS);
  if (errors.length > 0) {
    throw TaskError.validation(flatten(errors, prefix));
  }
  return instance;
}

/** Maximum nesting of any payload (an Indico event is about 8 deep). */
export const MAX_DEPTH = 64;

/**
 * Keys that name Object.prototype members (`__proto__`, `constructor`, `toString`, …) or
 * `prototype`: no JSON input needs them, and class-transformer either crashes on them (a
 * non-function `constructor` → TypeError → INTERNAL) or silently drops them past the whitelist.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Iterative walk (no recursion, so no stack overflow): the first value nested deeper than `max` or the first reserved key, if any. */
export function shapeProblem(root: unknown, max: number): FieldError | undefined {
  const stack: Array<[unknown, number, string]> = [[root, 0, '']];
  while (stack.length > 0) {
    const [value, depth, path] = stack.pop() as [unknown, number, string];
    if (value === null || typeof value !== 'object') {
      continue;
    }
    if (depth >= max) {
      return { path, reason: `nesting deeper than ${max} levels` };
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        stack.push([value[i], depth + 1, depth < 4 ? `${path}[${i}]` : path]);
      }
    } else {
      for (const key of Object.keys(value)) {
        if (RESERVED_KEYS.has(key)) {
          return { path: joinPath(path, key), reason: `the key ${JSON.stringify(key)} is not accepted` };
        }
        stack.push([(value as Record<string, unknown>)[key], depth + 1, depth < 4 ? joinPath(path, key) : path]);
      }
    }
  }
  return undefined;
}

export function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = joinPath(prefix, e.property);
    for (const reason of Object.values(e.constraints ?? {})) {
      out.push({ path, reason });
    }
    if (e.children && e.children.length > 0) {
      out.push(...flatten(e.children, path));
    }
  }
  return out;
}

function joinPath(prefix: string, property: string): string {
  if (/^\d+$/.test(property)) {
    return `${prefix}[${property}]`;
  }
  return prefix ? `${prefix}.${property}` : property;
}
