/**
 * Idempotency key of one run (docs: shared decisions): `booklet:<event id>:<sha256>` of the
 * event JSON exactly as fetched (for the paper check: `papers:…` of its fingerprint), the task
 * name and the options. Same data → the same task on
 * the server (a second click, a second tab or a reload joins the live run); changed data → a new run.
 */
export async function idempotencyKey(eventId: string, eventJson: string, task: string, options: unknown, prefix = 'booklet'): Promise<string> {
  const bytes = new TextEncoder().encode(`${eventJson}\n${JSON.stringify({ task, options: options ?? null })}`);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  const safeId = eventId.replace(/[^\x21-\x7e]/g, '_').slice(0, 64);
  return `${prefix}:${safeId}:${hex}`;
}
