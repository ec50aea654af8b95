// Types of generate-event.mjs (a plain ES module, so the bench runs without a build).

/** mulberry32: a seeded PRNG returning numbers in [0, 1). */
export function prng(seed: number): () => number;

/** A realistic Indico export (`{ count: 1, results: [event] }`) of `contributions` contributions. */
export function generateEvent(contributions?: number, seed?: number): { count: number; results: unknown[] };
