import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TaskCatalogEntry } from '@jpsp/contracts';
import { ErrorCode } from '@jpsp/contracts';
import { schemaOf } from '../common/dto-schema.js';
import { TaskError } from '../common/task-error.js';
import { abstractBookletTask } from './abstract-booklet/abstract-booklet.task.js';
import { papersCheckTask } from './papers-check/papers-check.task.js';
import type { TaskDefinition } from './task-definition.js';

/** The shipped tasks: adding a task = a folder under task-definitions/ and one line here. */
export const BUILTIN_TASKS: readonly TaskDefinition[] = [abstractBookletTask, papersCheckTask];

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
