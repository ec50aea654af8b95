// @ts-expect-error -- class-transformer ships no types for its storage entry point
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/**
 * The published JSON Schema (draft 2020-12) of a DTO class, generated from its class-validator
 * decorators (types, lengths, enums, nesting) and its `@JSONSchema` notes (descriptions,
 * examples, the shapes a decorator cannot say), with the classes it references under `$defs`.
 * The DTOs stay the one source: nothing here is written by hand.
 *
 * Every object is closed (`additionalProperties: false`), as the server's whitelist refuses unknown
 * keys; a property that takes any object says so with `@JSONSchema({ additionalProperties: true })`.
 */
export function schemaOf(cls: new () => object): Record<string, unknown> {
  const all = validationMetadatasToSchemas({ refPointerPrefix: '#/$defs/', classTransformerMetadataStorage: defaultMetadataStorage as never }) as Record<string, Record<string, unknown>>;
  const defs: Record<string, unknown> = {};
  const visit = (node: unknown) => {
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') {
          const name = v.slice('#/$defs/'.length);
          if (!all[name]) {
            // A property typed `object` or a union in TypeScript (reflected as `Object`): its
            // shape is in its `@JSONSchema` note, not in a class.
            delete (node as Record<string, unknown>).$ref;
          } else if (!(name in defs)) {
            defs[name] = close(all[name]);
            visit(all[name]);
          }
        } else {
          visit(v);
        }
      }
    }
  };
  const root = close(all[cls.name] ?? { type: 'object', properties: {} });
  visit(root);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...root, ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}) };
}

/** A class's schema with `additionalProperties: false` unless it says otherwise. */
function close(schema: Record<string, unknown>): Record<string, unknown> {
  return 'additionalProperties' in schema ? schema : { ...schema, type: 'object', additionalProperties: false };
}
