import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TaskCatalogEntry } from '@jpsp/contracts';
import { ErrorCode } from '@jpsp/contracts';
// @ts-expect-error -- class-transformer ships no types for its storage entry point
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { TaskError } from '../common/task-error.js';
import { abstractBookletTask } from './abstract-booklet/abstract-booklet.task.js';
import type { TaskDefinition } from './task-definition.js';

/** The shipped tasks: adding a task = a folder under task-definitions/ and one line here. */
export const BUILTIN_TASKS: readonly TaskDefinition[] = [abstractBookletTask];

/**
 * Loads extra task definitions from ES modules named in `JPSP_EXTRA_TASKS` (default export: a
 * definition or an array of them). Used by the test suites for test-only tasks; an operator can
 * use it to add tasks without rebuilding.
 */
export async function loadExtraTasks(paths: readonly string[]): Promise<TaskDefinition[]> {
  const out: TaskDefinition[] = [];
  for (const p of paths) {
    const mod = (await import(pathToFileURL(isAbsolute(p) ? p : resolve(p)).href)) as { default?: TaskDefinition | TaskDefinition[] };
    const defs = Array.isArray(mod.default) ? mod.default : mod.default ? [mod.default] : [];
    if (defs.length === 0) {
      throw new Error(`JPSP_EXTRA_TASKS: ${p} has no default export of task definitions`);
    }
    out.push(...defs);
  }
  return out;
}

export class TaskRegistry {
  private readonly byName = new Map<string, TaskDefinition>();
  private catalogCache?: TaskCatalogEntry[];

  constructor(definitions: readonly TaskDefinition[]) {
    for (const def of definitions) {
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(def.name)) {
        throw new Error(`Task name ${JSON.stringify(def.name)} must be kebab-case`);
      }
      if (this.byName.has(def.name)) {
        throw new Error(`Task ${def.name} is defined twice`);
      }
      this.byName.set(def.name, def);
    }
  }

  get(name: string): TaskDefinition {
    const def = this.byName.get(name);
    if (!def) {
      throw new TaskError(ErrorCode.UNKNOWN_TASK, `No task named ${JSON.stringify(name.slice(0, 100))}; see task:catalog`);
    }
    return def;
  }

  catalog(): TaskCatalogEntry[] {
    this.catalogCache ??= [...this.byName.values()].map((def) => ({
      name: def.name,
      title: def.title,
      description: def.description,
      inputSchema: def.inputSchema ?? schemaOf(def.inputDto),
      defaultTimeoutMs: def.defaultTimeoutMs,
    }));
    return this.catalogCache;
  }
}

/** JSON Schema of a DTO class with the classes it references under `$defs`. */
export function schemaOf(cls: new () => object): Record<string, unknown> {
  const all = validationMetadatasToSchemas({ refPointerPrefix: '#/$defs/', classTransformerMetadataStorage: defaultMetadataStorage as never }) as Record<string, Record<string, unknown>>;
  const defs: Record<string, unknown> = {};
  const visit = (node: unknown) => {
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') {
          const name = v.slice('#/$defs/'.length);
          if (!(name in defs) && all[name]) {
            defs[name] = all[name];
            visit(all[name]);
          }
        } else {
          visit(v);
        }
      }
    }
  };
  const root = all[cls.name] ?? { type: 'object' };
  visit(root);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...root, ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}) };
}
