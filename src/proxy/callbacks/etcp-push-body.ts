/**
 * An ETCP push body as it arrives: JSON (the spec's examples) or a URL-encoded form (what several
 * integrations send). A form carries either each field as its own parameter, or the JSON as one
 * `data` parameter beside `signment`, the way ETCP's own requests carry `data` (seeds/001 §4).
 *
 * The signment covers the JSON of the fields (seeds/001 §10). A flat form loses the JSON types, so
 * the fields are typed back as the spec's field tables type them; because the tables and examples
 * disagree on some, the all-text reading is offered to the signature check as well. Pure.
 */
import { ApiError } from '../errors.js';

export type PushMediaType = 'json' | 'form';

export interface PushBody {
  /** The push's fields, signment included, typed as the spec types them. */
  fields: Record<string, unknown>;
  /** The field typings the signment may have been computed over, most likely first. */
  signedAs: Array<Record<string, unknown>>;
}

/**
 * Fields that are numbers in the JSON ETCP signs: v2's table types parkId, stayedTime and
 * receivableFee as Integer/Long; v1's table says String throughout but its own exit example writes
 * stayedTime as a number.
 */
const NUMERIC_FIELDS: Record<1 | 2, ReadonlySet<string>> = {
  1: new Set(['stayedTime']),
  2: new Set(['parkId', 'stayedTime', 'receivableFee']),
};

/** The two media types a push may come as. */
export const PUSH_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded'] as const;

export function pushMediaType(contentType: string | undefined): PushMediaType {
  return /^application\/x-www-form-urlencoded/i.test(contentType ?? '') ? 'form' : 'json';
}

export function readPushBody(mediaType: PushMediaType, text: string, version: 1 | 2): PushBody {
  if (mediaType === 'json') {
    const fields = objectFrom(parseJson(text, 'body'), 'body');
    return { fields, signedAs: [fields] };
  }
  const params = new URLSearchParams(text);
  const names = [...params.keys()];
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new ApiError(400, '6', `参数错误: form parameter ${repeated} is given more than once`);
  if (params.has('data') && !params.has('plateNumber')) {
    const data = objectFrom(parseJson(params.get('data')!, 'data'), 'data');
    const fields = { ...data, signment: params.get('signment') ?? data.signment };
    return { fields, signedAs: [fields] };
  }
  const asText = Object.fromEntries(params);
  const typed = Object.fromEntries(Object.entries(asText).map(([name, value]) => [name, NUMERIC_FIELDS[version].has(name) ? numberOrText(value) : value]));
  const differs = Object.keys(typed).some((name) => typed[name] !== asText[name]);
  return { fields: typed, signedAs: differs ? [typed, asText] : [typed] };
}

/** A form value as the JSON number it was, when it reads back exactly; otherwise the text. */
function numberOrText(value: string): number | string {
  if (!/^-?\d+(\.\d+)?$/.test(value)) return value;
  const number = Number(value);
  return String(number) === value ? number : value;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, '6', `参数错误: ${what} is not valid JSON`);
  }
}

function objectFrom(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, '6', `参数错误: ${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
