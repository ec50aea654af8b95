// One schema truth: the catalog's published `inputSchema` (generated from the class-validator DTOs)
// and the running server give the same verdict on generated payloads. Property-based, fixed seed.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { TaskCatalogEntry } from '@jpsp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connected, emitAck, KEY_A, startTestServer, tinyEvent, type Client, type TestServer } from './harness.js';

const SEED = 20261202;

const event = tinyEvent();

/** Mostly the valid values, sometimes each invalid one (so that both verdicts occur often). */
function mostly<T>(valid: fc.Arbitrary<T>, ...invalid: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 4 * Math.max(1, invalid.length) }, ...invalid.map((arbitrary) => ({ arbitrary, weight: 1 })));
}
/** A record, and now and then the same with an unknown key. */
function sometimesExtra(record: fc.Arbitrary<Record<string, unknown>>, key: string): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: record, weight: 9 }, { arbitrary: record.map((r) => ({ ...r, [key]: 'x' })), weight: 1 });
}

const zip = fc.uint8Array({ minLength: 0, maxLength: 30 }).map((rest) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(rest)]).toString('base64'));
const ref = sometimesExtra(
  fc.record(
    {
      url: mostly(fc.constantFrom('https://indico.example.org/t.docx', 'http://files.example.org/x.odt'), fc.constantFrom('ftp://x.example.org/a', 'not a url', ''), fc.integer()),
      headers: mostly(
        fc.dictionary(fc.constantFrom('Authorization', 'X-Token', 'Accept'), fc.constantFrom('Bearer abc', 'x')),
        fc.constant({ 'bad name': 'x' }),
        fc.constant({ Authorization: 'line\nbreak' }),
        fc.constant({ Authorization: 42 }),
        fc.constant(null),
      ),
    },
    { requiredKeys: ['url'] },
  ),
  'extra',
);
const binary = mostly(fc.oneof(zip, ref), fc.constantFrom('not base64!', '', 42, null));
const options = sometimesExtra(
  fc.record(
    {
      formats: mostly(fc.subarray(['odt', 'docx'], { minLength: 1 }), fc.constant(['odt', 'odt']), fc.constant(['rtf']), fc.constant([]), fc.constant('odt'), fc.constant(null)),
      timezone: mostly(fc.constantFrom('Europe/Rome', 'UTC', 'America/New_York'), fc.constant('x'.repeat(65)), fc.integer(), fc.constant(null)),
      locale: mostly(fc.constantFrom('en', 'it', 'fr-CH', 'de'), fc.constantFrom('', 'e', 'english language'), fc.constant(7), fc.constant(null)),
      includeAbstracts: mostly(fc.boolean(), fc.constantFrom('yes', 1, null)),
      includePosters: mostly(fc.boolean(), fc.constant(null)),
      includeAuthorIndex: mostly(fc.boolean(), fc.constant(0)),
      customFields: mostly(
        fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((x) => !/[\u0000-\u001f\u007f]/.test(x)), { maxLength: 3 }),
        fc.constant(['']),
        fc.constant(['a\nb']),
        fc.constant(Array.from({ length: 51 }, () => 'f')),
        fc.constant('Funding'),
      ),
      template: mostly(sometimesExtra(fc.record({ docx: binary, odt: binary }, { requiredKeys: [] }), 'pdf'), fc.constant(null), fc.constant('x')),
    },
    { requiredKeys: [] },
  ),
  'colour',
);
const input = sometimesExtra(fc.record({ event: fc.constant(event), options: mostly(options, fc.constant(null)) }, { requiredKeys: ['event'] }), 'extra');

describe('one schema truth: the published inputSchema and the server agree', () => {
  let server: TestServer;
  let client: Client;
  let schema: Record<string, unknown>;
  beforeAll(async () => {
    server = await startTestServer({ JPSP_MAX_THREADS: '1', JPSP_MAX_QUEUE: '1000', JPSP_MAX_QUEUE_PER_KEY: '1000' });
    client = await connected(connect(server.url));
    const catalog = (await (await fetch(`${server.url}/api/tasks`, { headers: { authorization: `Bearer ${KEY_A}` } })).json()) as TaskCatalogEntry[];
    schema = catalog.find((t) => t.name === 'abstract-booklet')!.inputSchema;
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('is closed: unknown keys are refused by the schema as by the server', () => {
    const defs = schema.$defs as Record<string, Record<string, unknown>>;
    expect(schema.additionalProperties).toBe(false);
    for (const name of ['BookletOptionsDto', 'BookletTemplatesDto', 'BinaryRefDto']) {
      expect(defs[name]?.additionalProperties, name).toBe(false);
    }
  });

  it('gives the same verdict as the server on 300 generated payloads (Ajv 2020-12 vs task:submit)', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const disagreements: string[] = [];
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(input, async (payload) => {
        const published = validate(payload);
        const ack = await emitAck(client, 'task:submit', { task: 'abstract-booklet', input: payload });
        if (ack.ok) {
          accepted++;
          await emitAck(client, 'task:cancel', { taskId: ack.data.taskId });
        } else {
          expect(ack.error.code).toBe('VALIDATION_FAILED');
        }
        if (published !== ack.ok) {
          disagreements.push(`${JSON.stringify(payload).slice(0, 300)} → schema ${published}, server ${ack.ok ? 'ok' : JSON.stringify(ack.error.details)}`);
        }
        return published === ack.ok;
      }),
      { seed: SEED, numRuns: 300 },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${disagreements.slice(0, 5).join('\n')}`);
    });
    // Both verdicts occur: the generator reaches valid and invalid payloads.
    expect(accepted).toBeGreaterThan(10);
    expect(accepted).toBeLessThan(290);
  }, 120_000);
});
