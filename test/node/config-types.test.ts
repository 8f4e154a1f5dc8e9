/** src/proxy/config-file.ts is what scripts/config-types.mjs makes of config/schema.json today: the schema is the one source of the config's types. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
// @ts-expect-error: a plain ES module script, without types.
import { configTypes, SCHEMA_PATH, TYPES_PATH } from '../../scripts/config-types.mjs';

test('the config types match config/schema.json (run `node scripts/config-types.mjs` after changing the schema)', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH as string, 'utf8'));
  assert.equal(readFileSync(TYPES_PATH as string, 'utf8'), (configTypes as (schema: unknown) => string)(schema));
});

test('a defaulted field is required in the types, an optional one without a default is not, and a one-of becomes a union', () => {
  const types = (configTypes as (schema: unknown) => string)({
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, port: { type: 'integer', default: 8080 }, note: { type: 'string' }, mode: { enum: ['a', 'b'] }, ref: { $ref: '#/$defs/thing' } },
    $defs: { thing: { oneOf: [{ type: 'string' }, { type: 'null' }] } },
  });
  assert.match(types, /^ {2}id: string;$/m);
  assert.match(types, /^ {2}port: number;$/m);
  assert.match(types, /^ {2}note\?: string;$/m);
  assert.match(types, /^ {2}mode\?: 'a' \| 'b';$/m);
  assert.match(types, /^ {2}ref\?: ConfigThing;$/m);
  assert.match(types, /^export type ConfigThing = string \| null;$/m);
});
