import type { FieldError } from '@jpsp/contracts';
import type { AppConfig } from '../config/env.js';
import { hasSoffice } from './abstract-booklet/soffice.js';
import type { TaskDefinition } from './task-definition.js';

export type { CapabilityNeed } from './task-definition.js';

/** What a node may have that a task (or one of its options) needs. */
export const KNOWN_CAPABILITIES: Readonly<Record<string, string>> = {
  soffice: 'LibreOffice (soffice)',
};

/**
 * This node's capabilities: `JPSP_NODE_CAPABILITIES` when set (`none` for none), else detected
 * (`soffice` when LibreOffice is installed).
 */
export function nodeCapabilities(config: Pick<AppConfig, 'nodeCapabilities'>): string[] {
  if (config.nodeCapabilities) {
    return config.nodeCapabilities.filter((c) => c !== 'none');
  }
  return hasSoffice() ? ['soffice'] : [];
}

/** The capabilities the input needs (sorted, unique): the queue it goes to in cluster mode. */
export function requiredCapabilities(definition: TaskDefinition, input: unknown): string[] {
  return [...new Set((definition.requires?.(input) ?? []).map((n) => n.capability))].sort();
}

/**
 * `VALIDATION_FAILED` entries for the needs `available` does not cover: refused at submit rather
 * than queued for a node that does not exist. `where`: this server, or the live nodes of a cluster.
 */
export function unmetNeeds(definition: TaskDefinition, input: unknown, available: readonly string[], where: 'server' | 'cluster'): FieldError[] {
  return (definition.requires?.(input) ?? [])
    .filter((need) => !available.includes(need.capability))
    .map((need) => {
      const name = KNOWN_CAPABILITIES[need.capability] ?? need.capability;
      const missing = where === 'server' ? 'on the server, which is not installed' : ', which no live node of the cluster has';
      return { path: need.path, reason: `${need.what} needs ${name}${where === 'server' ? ' ' : ''}${missing}; ${need.instead}` };
    });
}
