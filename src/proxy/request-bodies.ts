/**
 * JSON Schemas of the bodies the proxy's own API takes (Ajv, compiled once), as the platforms'
 * callbacks are checked in callbacks/schemas.ts. A refusal is 400 with the code the route has
 * always answered and `field`, the body field at fault.
 *
 * What JSON Schema cannot say is said by keywords over the pure checks the kiosk shares: `plate`
 * (core/plate.ts, and the value becomes the normalised plate), `longId` and `httpUrl`
 * (core/input-checks.ts: 17-digit platform ids sent as strings, URLs a platform stores verbatim).
 */
import type { IncomingMessage } from 'node:http';
import { Ajv, type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { checkHttpUrl, checkLongId, type InputCheck } from '../core/input-checks.js';
import { checkPlate } from '../core/plate.js';
import { ApiError } from './errors.js';
import { MAX_BODY_BYTES, readJsonBody } from './http.js';

/** A refused body: its code, and the field at fault (null when the body itself is not an object). */
export class BodyError extends ApiError {
  override name = 'BodyError';
  constructor(
    code: string,
    message: string,
    readonly field: string | null,
  ) {
    super(400, code, message);
  }
}

const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true });

/** A keyword whose value is checked by `check`; `replace` keeps the checked value in its place. */
function checkKeyword(keyword: string, check: (value: unknown, field: string, schema: unknown) => InputCheck<unknown>, { replace = false, onlyStrings = false } = {}): void {
  ajv.addKeyword({
    keyword,
    ...(onlyStrings && { type: 'string' }),
    modifying: replace,
    errors: true,
    validate: function validate(schema: unknown, value: unknown, _parent: unknown, data?: { instancePath: string; parentData: Record<string, unknown>; parentDataProperty: string | number }) {
      const field = data?.instancePath.slice(1).replaceAll('/', '.') || 'body';
      const result = check(value, field, schema);
      if (result.ok) {
        if (replace && data) data.parentData[data.parentDataProperty] = result.value;
        return true;
      }
      (validate as { errors?: Partial<ErrorObject>[] }).errors = [{ keyword, message: result.message, params: {} }];
      return false;
    },
  });
}

checkKeyword(
  'plate',
  (value) => {
    const check = checkPlate(value as string);
    return check.ok ? { ok: true, value: check.plate } : { ok: false, message: check.message };
  },
  { replace: true, onlyStrings: true },
);
// Any type: a long id sent as a JSON number has its own refusal (its digits may already be lost).
checkKeyword('longId', (value, field) => checkLongId(value, field));
checkKeyword('httpUrl', (value, field, maxLength) => checkHttpUrl(value, field, maxLength as number));

/** A schema, the code each field's refusal answers with, and the code for anything else. */
export interface BodySchema<T> {
  validate: ValidateFunction<T>;
  codes: Readonly<Record<string, string>>;
  code: string;
}

export function body<T>(schema: JSONSchemaType<T>, code: string, codes: Record<string, string> = {}): BodySchema<T> {
  return { validate: ajv.compile(schema), codes, code };
}

export const plate = { type: 'string', maxLength: 32, plate: true } as const;
const count = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

export interface PlateBody {
  plate: string;
}
/** Quotes, admission and partner fee lookups: one plate. */
export const PLATE_BODY = body<PlateBody>({ type: 'object', required: ['plate'], properties: { plate } }, 'invalid-plate');

export interface TicketRequestBody {
  /** What the lane camera read, when it read anything: the lot's own register admits the car by it. */
  plate?: string | null;
}
export const TICKET_REQUEST_BODY = body<TicketRequestBody>({ type: 'object', properties: { plate: { ...plate, nullable: true } } }, 'invalid-plate');

export interface LaneStatusBody {
  outbox: { depth: number; deadLetters: number; oldestCreatedAt: number | null; storageError?: string | null };
  /** The lane's state for the attendants' board (see client/lane-reporter.ts). */
  board?: LaneBoardBody;
}

export interface LaneBoardBody {
  screen: 'idle' | 'quoted' | 'paying' | 'paid' | 'admitted' | 'full' | 'error';
  plate: string | null;
  dueFen: number | null;
  screenAgeMs: number;
  printer: 'ok' | 'paper-low' | 'paper-out' | 'fault' | 'offline';
  scanner: 'ok' | 'fault' | 'offline' | 'none';
  gate: 'ok' | 'fault' | 'offline' | 'none';
  clockSkewMs: number | null;
}

const device = { type: 'string', enum: ['ok', 'fault', 'offline', 'none'] } as const;
const boardBody = {
  type: 'object',
  required: ['screen', 'plate', 'dueFen', 'screenAgeMs', 'printer', 'scanner', 'gate', 'clockSkewMs'],
  additionalProperties: false,
  properties: {
    screen: { type: 'string', enum: ['idle', 'quoted', 'paying', 'paid', 'admitted', 'full', 'error'] },
    plate: { type: 'string', maxLength: 16, nullable: true },
    dueFen: { ...count, nullable: true },
    screenAgeMs: count,
    printer: { type: 'string', enum: ['ok', 'paper-low', 'paper-out', 'fault', 'offline'] },
    scanner: device,
    gate: device,
    clockSkewMs: { type: 'integer', minimum: -86_400_000, maximum: 86_400_000, nullable: true },
  },
} as const;
export const LANE_STATUS_BODY = body<LaneStatusBody>(
  {
    type: 'object',
    required: ['outbox'],
    properties: {
      outbox: {
        type: 'object',
        required: ['depth', 'deadLetters', 'oldestCreatedAt'],
        properties: { depth: count, deadLetters: count, oldestCreatedAt: { ...count, nullable: true }, storageError: { type: 'string', nullable: true } },
      },
      board: boardBody,
    },
    // Ajv's JSONSchemaType cannot spell a required `number | null` inside a nested object.
  } as unknown as JSONSchemaType<LaneStatusBody>,
  'invalid-status',
);

/** A batch of queued lane events: large enough to drain a day's backlog in a few requests. */
export const MAX_OUTBOX_BATCH = 1000;
export interface OutboxBody {
  /** Each event is checked on its own (core/lane-events.ts), so one bad event does not refuse the batch. */
  events: unknown[];
}
export const OUTBOX_BODY = body<OutboxBody>({ type: 'object', required: ['events'], properties: { events: { type: 'array', minItems: 1, maxItems: MAX_OUTBOX_BATCH, items: {} as JSONSchemaType<unknown> } } }, 'invalid-batch');

export interface TicketVerifyBody {
  payload: string;
}
export const TICKET_VERIFY_BODY = body<TicketVerifyBody>({ type: 'object', required: ['payload'], properties: { payload: { type: 'string', maxLength: 600 } } }, 'invalid-ticket');

export interface LaneAuthBody {
  /** A scanned entry ticket: verified, its number is the user id. */
  ticket?: string;
  /** A phone user id. */
  userId?: string;
}
export const LANE_AUTH_BODY = body<LaneAuthBody>(
  {
    type: 'object',
    properties: { ticket: { type: 'string', maxLength: 600 }, userId: { type: 'string', pattern: '^[\\w-]{1,32}$' } },
    anyOf: [{ required: ['ticket'] }, { required: ['userId'] }],
    // Not `nullable`, which JSONSchemaType wants on optional fields: `{"userId": null}` is no user id.
  } as unknown as JSONSchemaType<LaneAuthBody>,
  'invalid-user',
);

export interface CouponBody {
  mchId: string;
  ruleId: string;
  plate: string;
}
export const COUPON_BODY = body<CouponBody>(
  // longId checks the type itself, so JSONSchemaType, which wants `type` on every field, cannot spell it.
  { type: 'object', required: ['mchId', 'ruleId', 'plate'], properties: { mchId: { longId: true }, ruleId: { longId: true }, plate } } as unknown as JSONSchemaType<CouponBody>,
  'invalid-coupon',
  { plate: 'invalid-plate' },
);

export interface LaneQrBody {
  qrUrl: string;
}
export const LANE_QR_BODY = body<LaneQrBody>({ type: 'object', required: ['qrUrl'], properties: { qrUrl: { type: 'string', httpUrl: 100 } } }, 'invalid-qr-url');

export interface PaymentBody {
  amountFen: number;
  channel: string;
  paymentRef: string;
}
export const PAYMENT_BODY = body<PaymentBody>(
  {
    type: 'object',
    required: ['amountFen', 'channel', 'paymentRef'],
    properties: {
      amountFen: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      channel: { type: 'string', pattern: '^[\\w.-]{1,32}$' },
      paymentRef: { type: 'string', pattern: '^[\\w.:-]{1,64}$' },
    },
  },
  'invalid-payment',
  { amountFen: 'invalid-amount' },
);

/** Plate reads are checked whole by core/plate-read.ts (their time against the clock); here only that they are an object. */
export const PLATE_READ_BODY = body<Record<string, unknown>>({ type: 'object', required: [] }, 'invalid-plate-read');

/** The field an error is about, as a dotted path (`outbox.depth`): the missing property, or where the bad value is. */
function fieldOf(error: ErrorObject): string | null {
  const path = error.instancePath.slice(1).split('/').filter(Boolean);
  if (error.keyword === 'required') path.push((error.params as { missingProperty: string }).missingProperty);
  return path.length > 0 ? path.join('.') : null;
}

function describe(error: ErrorObject, all: readonly ErrorObject[]): string {
  if (error.keyword === 'anyOf') {
    const choices = all.flatMap((other) => (other.keyword === 'required' ? [fieldOf(other)] : []));
    return `send one of: ${choices.join(', ')}`;
  }
  if (error.keyword === 'required') return `${fieldOf(error)} is required`;
  // The input checks word their own messages, field included.
  if (['plate', 'longId', 'httpUrl'].includes(error.keyword)) return error.message ?? 'is invalid';
  const field = error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'pattern') return `${field} must match ${(error.params as { pattern: string }).pattern}`;
  return `${field} ${error.message ?? 'is invalid'}`;
}

/** The body, valid against `schema` (with its keywords' normalised values), or a BodyError. */
export function validBody<T>(schema: BodySchema<T>, value: unknown): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BodyError('invalid-body', 'body must be a JSON object', null);
  if (schema.validate(value)) return value;
  const errors = schema.validate.errors!;
  // A failed anyOf comes last, after each branch's failure: it is the one that says what to send.
  const error = errors.find((e) => e.keyword === 'anyOf') ?? errors[0]!;
  const field = error.keyword === 'anyOf' ? null : fieldOf(error);
  throw new BodyError((field && schema.codes[field.split('.')[0]!]) ?? schema.code, describe(error, errors), field);
}

/** Reads a JSON body (bounded, see http.ts) and validates it. */
export async function readBody<T>(req: IncomingMessage, schema: BodySchema<T>, limit = MAX_BODY_BYTES): Promise<T> {
  return validBody(schema, await readJsonBody(req, limit));
}
