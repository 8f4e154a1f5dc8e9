/** The production example config and environments that satisfy it, for tests of production mode. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './proxy-process.js';

export const EXAMPLE_CONFIG = 'config/production.example.json';

export function readConfig(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;
}

export interface EnvReference {
  env: string;
  default?: string;
  /** JSON pointer of the field that holds the reference. */
  field: string;
}

/** Every `{"env": NAME}` in a config, with where it sits. */
export function envReferences(node: unknown, field = ''): EnvReference[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => envReferences(item, `${field}/${i}`));
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  if (typeof record.env === 'string') return [{ env: record.env, ...(typeof record.default === 'string' && { default: record.default }), field }];
  return Object.entries(record).flatMap(([name, value]) => envReferences(value, `${field}/${name}`));
}

/** A fresh random value for every variable the config names (long enough for Welink's 3DES key). */
export function freshEnvironment(config: unknown): Record<string, string> {
  return Object.fromEntries(envReferences(config).map(({ env }) => [env, randomBytes(24).toString('base64url')]));
}
