// Step 3 of buildModel: contributions inside blocks, blocks inside days, days in date order
// (unscheduled last). JSON order is not chronological.
import type { Day } from '../model.js';
import { formatDay } from '../time.js';
import { UNSCHEDULED, type Draft, type DraftBlock } from './drafts.js';
import type { Settings } from './settings.js';

export interface OrderedDay {
  day: Day;
  blocks: DraftBlock[];
}

/** Earlier epochs first; undefined (unscheduled) last; 0 when equal. */
function byEpoch(x: number | undefined, y: number | undefined): number {
  if (x === y) {
    return 0;
  }
  if (x === undefined) {
    return 1;
  }
  if (y === undefined) {
    return -1;
  }
  return x - y;
}

/** Orders the drafts in place and groups the blocks into days. */
export function orderDays(blocks: DraftBlock[], { collator, labels, dateLocale }: Settings): OrderedDay[] {
  const byCode = (a: string, b: string) => collator.compare(a, b);
  const draftOrder = (poster: boolean) => (x: Draft, y: Draft) =>
    (poster ? 0 : byEpoch(x.epoch, y.epoch)) || byCode(x.contribution.code, y.contribution.code) || byCode(x.contribution.title, y.contribution.title);
  const dayMap = new Map<string, DraftBlock[]>();
  for (const db of blocks) {
    db.drafts.sort(draftOrder(db.block.isPoster));
    db.block.contributions = db.drafts.map((d) => d.contribution);
    const list = dayMap.get(db.day) ?? [];
    list.push(db);
    dayMap.set(db.day, list);
  }
  const keys = [...dayMap.keys()].filter((k) => k !== UNSCHEDULED).sort();
  if (dayMap.has(UNSCHEDULED)) {
    keys.push(UNSCHEDULED);
  }
  return keys.map((key) => {
    const dayBlocks = dayMap.get(key)!;
    dayBlocks.sort((x, y) => byEpoch(x.epoch, y.epoch) || byCode(x.block.code, y.block.code) || byCode(x.block.title, y.block.title));
    return {
      day: {
        key,
        heading: key === UNSCHEDULED ? labels.unscheduled : formatDay(key, dateLocale),
        anchor: key === UNSCHEDULED ? 'day-unscheduled' : `day-${key}`,
        blocks: dayBlocks.map((b) => b.block),
      },
      blocks: dayBlocks,
    };
  });
}
