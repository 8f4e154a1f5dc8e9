/**
 * Receivers for ETCP's pushes to the merchant (seeds/001 §10, seeds/000 §9): entry, exit, unbind and
 * auth-invalid. Each carries `signment` = MD5(merchant_no + data + merchant_key), where data is the
 * JSON of the push's fields in the documented order. Exit pushes reach the lot's exit lanes as a
 * `car.exit` lane event. A push already received (same kind and signment) is acknowledged again
 * and applied once; one outside its freshness window is refused (see `freshness`).
 */
import { checkPlate } from '../../core/plate.js';
import { parseYuan } from '../../core/money.js';
import type { CarExitEvent } from '../../core/quote.js';
import { parseBeijing, toBeijingIso } from '../../core/time.js';
import { ApiError, SignatureError } from '../errors.js';
import type { EtcpCredentials } from '../providers/etcp/client.js';
import { etcpSignmentMatches } from '../providers/etcp/signing.js';
import type { StateStore } from '../state/store.js';
import { etcpBodyProblem } from './schemas.js';

export type EtcpPushKind = 'entry' | 'exit' | 'unbind' | 'auth-invalid';

/** Field order per push and spec version; the order is part of the signature. */
const FIELD_ORDER: Record<1 | 2, Record<EtcpPushKind, readonly string[]>> = {
  1: {
    entry: ['parkId', 'plateNumber', 'parkName', 'synId', 'userType', 'fixParkingId', 'remainingDays', 'entranceTime', 'pushTime'],
    exit: ['parkId', 'plateNumber', 'parkName', 'synId', 'userType', 'fixParkingId', 'remainingDays', 'entranceTime', 'exitTime', 'stayedTime', 'receivableFee', 'pushTime'],
    unbind: ['plateNumber', 'time'],
    'auth-invalid': ['plateNumber', 'time'],
  },
  2: {
    entry: ['synId', 'plateNumber', 'parkName', 'parkId', 'entranceTime', 'userType', 'pushTime', 'fixParkingId', 'remainingDays'],
    exit: ['synId', 'plateNumber', 'parkName', 'parkId', 'entranceTime', 'userType', 'pushTime', 'exitTime', 'stayedTime', 'receivableFee', 'fixParkingId', 'remainingDays'],
    unbind: ['plateNumber', 'time'],
    'auth-invalid': ['plateNumber', 'time'],
  },
};

/** ETCP retries a push it got no answer for; a push sent (pushTime, time) further from our clock is refused. */
const PUSH_WINDOW_MS = 15 * 60_000;
/**
 * pushTime is optional in v2. Without it the passage's own time (entranceTime, exitTime) dates the
 * push: ETCP pushes at the passage and retries for a while, and a car.exit is useful to a lane only
 * while the car is still at the barrier. A passage older than this, or further ahead than the
 * clock tolerance, is refused.
 */
const PASSAGE_MAX_AGE_MS = 30 * 60_000;
/** Signments are remembered a week, well past every window, so a retry inside one is applied once. */
const SEEN_TTL_MS = 7 * 24 * 3600_000;

/** The time that dates each kind of push when pushTime is absent. */
const PASSAGE_TIME: Record<EtcpPushKind, string> = { entry: 'entranceTime', exit: 'exitTime', unbind: 'time', 'auth-invalid': 'time' };

export interface EtcpAnswer {
  code: number;
  message: string;
}

export interface AcceptedPush {
  kind: EtcpPushKind;
  plate: string;
  duplicate: boolean;
  /** Set for exit pushes: what the lot's exit lanes are told. */
  exitEvent?: CarExitEvent;
}

/** The data string the signment covers: the documented fields present, in the documented order. */
export function etcpPushData(kind: EtcpPushKind, version: 1 | 2, body: Record<string, unknown>): string {
  const ordered: Record<string, unknown> = {};
  for (const field of FIELD_ORDER[version][kind]) if (field in body) ordered[field] = body[field];
  return JSON.stringify(ordered);
}

/**
 * The data strings a push's signment may cover: the documented fields in the documented order, or
 * the fields in the order the sender sent them. v2 fixes the order (seeds/001 §10.1); v1 fixes none
 * (seeds/000 §9.3's example lists its fields in another order than its table), so a sender that
 * signs what it sends is as genuine. Either way only the merchant key makes a matching signment.
 */
function signedData(kind: EtcpPushKind, version: 1 | 2, fields: Record<string, unknown>): string[] {
  const documented = etcpPushData(kind, version, fields);
  const { signment: _signment, ...sent } = fields;
  const asSent = JSON.stringify(sent);
  return asSent === documented ? [documented] : [documented, asSent];
}

export class EtcpPushReceiver {
  /** Pushes this process applied, by kind; health and tests read it. */
  readonly counts: Record<EtcpPushKind, number> = { entry: 0, exit: 0, unbind: 0, 'auth-invalid': 0 };

  constructor(
    private readonly store: StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Verifies and reads one push; throws ApiError (401 forged or stale, 400 malformed) with nothing
   * applied. `signedAs` lists the typings of the fields the signment may cover (a form's text loses
   * the JSON types, see etcp-push-body.ts); a JSON body is signed as it is.
   */
  async receive(kind: EtcpPushKind, credentials: EtcpCredentials, body: unknown, signedAs: ReadonlyArray<Record<string, unknown>> = [body as Record<string, unknown>]): Promise<AcceptedPush> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, '6', '参数错误: body must be a JSON object');
    const push = body as Record<string, unknown>;
    const signed = signedAs.some((fields) => signedData(kind, credentials.pushVersion, fields).some((data) => etcpSignmentMatches(push.signment, credentials.merchantNo, data, credentials.merchantKey)));
    if (!signed) throw new SignatureError('4', '签名校验非法: signment does not match');
    const problem = etcpBodyProblem(kind, push);
    if (problem) throw problem.kind === 'missing' ? new ApiError(400, '20102', `缺少必要参数: ${problem.message}`) : new ApiError(400, '6', `参数错误: ${problem.message}`);
    const plate = checkPlate(String(push.plateNumber));
    if (!plate.ok) throw new ApiError(400, '6', `参数错误: plateNumber ${plate.message}`);
    this.checkPark(credentials, push);
    this.checkFreshness(kind, push);

    const accepted: AcceptedPush = { kind, plate: plate.plate, duplicate: false };
    if (kind === 'exit') accepted.exitEvent = this.exitEvent(plate.plate, push, credentials.pushVersion);
    // ETCP retries a push it thinks was lost: the same signment is the same push.
    const fresh = await this.store.claim(`nonce:etcp:${kind}|${String(push.signment).toUpperCase()}`, this.now(), SEEN_TTL_MS);
    if (!fresh) return { kind, plate: plate.plate, duplicate: true };
    this.counts[kind] += 1;
    return accepted;
  }

  /**
   * One merchant account may hold several car parks, all signing with the same merchant key: a
   * passage push names its park, and only the lot configured with that park may take it, or one
   * park's exit would reach another lot's barriers. Unbind and auth-invalid pushes name no park.
   */
  private checkPark(credentials: EtcpCredentials, push: Record<string, unknown>): void {
    if (!credentials.parkId || push.parkId === undefined || String(push.parkId) === credentials.parkId) return;
    throw new ApiError(400, '6', `参数错误: parkId ${String(push.parkId)} is not this lot's car park (${credentials.parkId}); point that park's push address at its own lot`);
  }

  /** pushTime when sent (±15 min); else the passage time (at most 30 min old, 15 min ahead). */
  private checkFreshness(kind: EtcpPushKind, push: Record<string, unknown>): void {
    const now = this.now();
    const sentAt = kind === 'entry' || kind === 'exit' ? this.readTime(push, 'pushTime') : null;
    if (sentAt !== null) {
      if (Math.abs(now - sentAt) > PUSH_WINDOW_MS) throw new ApiError(401, '3', `时间戳超时: pushTime ${String(push.pushTime)} is outside the replay window (15 minutes either side of the lot's clock); a replay, or a clock to fix`);
      return;
    }
    const field = PASSAGE_TIME[kind];
    const at = this.readTime(push, field);
    if (at === null) return;
    const maxAgeMs = kind === 'entry' || kind === 'exit' ? PASSAGE_MAX_AGE_MS : PUSH_WINDOW_MS;
    if (now - at > maxAgeMs || at - now > PUSH_WINDOW_MS) {
      throw new ApiError(401, '3', `时间戳超时: ${field} ${String(push[field])} is outside the replay window (at most ${maxAgeMs / 60_000} minutes old, 15 ahead, when pushTime is absent); a replay, or a clock to fix`);
    }
  }

  private exitEvent(plate: string, push: Record<string, unknown>, version: 1 | 2): CarExitEvent {
    const stayedSeconds = Number(push.stayedTime);
    if (!Number.isSafeInteger(stayedSeconds) || stayedSeconds < 0) throw new ApiError(400, '6', '参数错误: stayedTime must be whole seconds');
    return {
      type: 'car.exit',
      platform: 'etcp',
      plate,
      enteredAt: toBeijingIso(this.readTime(push, 'entranceTime')!),
      exitedAt: toBeijingIso(this.readTime(push, 'exitTime')!),
      stayedSeconds,
      receivableFen: readFee(push.receivableFee, version),
    };
  }

  private readTime(push: Record<string, unknown>, field: string): number | null {
    if (push[field] === undefined || push[field] === '') return null;
    try {
      return parseBeijing(String(push[field]));
    } catch {
      throw new ApiError(400, '6', `参数错误: ${field} must be yyyy-MM-dd HH:mm:ss`);
    }
  }
}

/** v1 states the fee in fen, v2 in yuan (seeds/000 §9.3 vs seeds/001 §10.2). */
function readFee(value: unknown, version: 1 | 2): number {
  if (version === 2) {
    try {
      return parseYuan(value as string | number);
    } catch {
      throw new ApiError(400, '6', '参数错误: receivableFee must be yuan');
    }
  }
  // v1's own example writes fen as "0.00": accept a decimal point only with zero decimals.
  const text = String(value).trim();
  if (!/^\d{1,9}(\.0{1,2})?$/.test(text)) throw new ApiError(400, '6', '参数错误: receivableFee must be whole fen');
  return Number.parseInt(text, 10);
}
