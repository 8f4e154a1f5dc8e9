/**
 * JSON Schemas of the bodies the platforms send the lot (Ajv, compiled once). Types, lengths,
 * enums and ranges follow the specs' field tables (seeds/003 §5.3, seeds/000 §9, seeds/001 §10).
 *
 * Fields the specs do not name are allowed, within a bound: a platform adding a field must not
 * stop payments at a lot, and the signature already covers the body.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export interface BodyProblem {
  /** `missing`: a required field is absent; `enum`: a value outside its list; `invalid`: anything else. */
  kind: 'missing' | 'enum' | 'invalid';
  message: string;
}

const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true });

const millis = { type: 'integer', minimum: 0, maximum: 9_999_999_999_999 };
const plate = { type: 'string', minLength: 1, maxLength: 16 };
const parkingId = { type: 'string', minLength: 1, maxLength: 32 };
const vehicleType = { enum: [1, 2] };
/** The request time: dateTime in most examples, dataTime in the notify and in the invoice's table. Either is taken. */
const requestTime = { anyOf: [{ required: ['dateTime'] }, { required: ['dataTime'] }] };

function object(required: string[], properties: Record<string, object>, extra: object = {}): object {
  return { type: 'object', required, properties, maxProperties: 40, ...extra };
}

/** Fee query, invoice and find-car all ask about one plate at one lot. */
const plateQuery = object(['parkingId', 'plateId'], { parkingId, plateId: plate, vehicleType, dateTime: millis, dataTime: millis }, requestTime);

const SHANGHAI = {
  'fee-query': plateQuery,
  'payment-notify': object(
    ['parkingId', 'orderId', 'payMoney', 'payStatus'],
    {
      parkingId,
      businessId: { type: 'string', maxLength: 50 },
      orderId: { type: 'string', pattern: '^[\\w-]{1,30}$' },
      plateId: plate,
      vehicleType,
      payMoney: { type: 'integer', minimum: 0, maximum: 99_999_999 },
      payStatus: { enum: [1, 2] },
      payType: { type: 'integer', minimum: 0, maximum: 99 },
      payTime: millis,
      dateTime: millis,
      dataTime: millis,
    },
    requestTime,
  ),
  invoice: plateQuery,
  'find-car': plateQuery,
} as const;

export type ShanghaiCallbackKind = keyof typeof SHANGHAI;

const beijingTime = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' };
const idText = { type: ['string', 'integer'], maxLength: 64 };
/** Empty for a temporary parker (spec: "如果是临停用户此字段为空"). */
const emptyForTemporary = { type: ['string', 'integer', 'null'], maxLength: 64 };
const signment = { type: 'string', pattern: '^[0-9a-fA-F]{32}$' };
const entryFields = {
  synId: idText,
  plateNumber: plate,
  parkName: { type: 'string', maxLength: 100 },
  parkId: idText,
  entranceTime: beijingTime,
  userType: idText,
  pushTime: beijingTime,
  fixParkingId: emptyForTemporary,
  remainingDays: emptyForTemporary,
  signment,
};
/** Unbind and auth-invalid: `time` is required by both tables (seeds/001 §10.3, §10.4), and dates the push. */
const personal = object(['plateNumber', 'time', 'signment'], { plateNumber: plate, time: beijingTime, signment });

const ETCP = {
  entry: object(['synId', 'plateNumber', 'parkId', 'entranceTime', 'signment'], entryFields),
  exit: object(['synId', 'plateNumber', 'parkId', 'entranceTime', 'exitTime', 'stayedTime', 'receivableFee', 'signment'], {
    ...entryFields,
    exitTime: beijingTime,
    stayedTime: { type: ['integer', 'string'], minimum: 0, pattern: '^\\d{1,10}$' },
    // Fen in v1 (written "0.00" in its own example), yuan in v2; readFee checks which.
    receivableFee: { type: ['number', 'string'], minimum: 0, maxLength: 16 },
  }),
  unbind: personal,
  'auth-invalid': personal,
} as const;

export type EtcpPushSchemaKind = keyof typeof ETCP;

const compile = <K extends string>(schemas: Record<K, object>) =>
  Object.fromEntries(Object.entries(schemas).map(([kind, schema]) => [kind, ajv.compile(schema as object)])) as Record<K, ValidateFunction>;

const shanghaiValidators = compile(SHANGHAI);
const etcpValidators = compile(ETCP);

function problemOf(validate: ValidateFunction, body: unknown): BodyProblem | null {
  if (validate(body)) return null;
  const error = validate.errors![0]!;
  return { kind: kindOf(error), message: describe(error) };
}

function kindOf(error: ErrorObject): BodyProblem['kind'] {
  if (error.keyword === 'required' || (error.keyword === 'anyOf' && error.instancePath === '')) return 'missing';
  return error.keyword === 'enum' ? 'enum' : 'invalid';
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'required') return `${(error.params as { missingProperty: string }).missingProperty} is required`;
  if (error.keyword === 'anyOf' && error.instancePath === '') return 'dateTime (or dataTime) is required';
  const field = error.instancePath.slice(1) || 'body';
  if (error.keyword === 'enum') return `${field} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${field} ${error.message ?? 'is invalid'}`;
}

export function shanghaiBodyProblem(kind: ShanghaiCallbackKind, body: unknown): BodyProblem | null {
  return problemOf(shanghaiValidators[kind], body);
}

export function etcpBodyProblem(kind: EtcpPushSchemaKind, body: unknown): BodyProblem | null {
  return problemOf(etcpValidators[kind], body);
}
