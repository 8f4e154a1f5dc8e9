/** Welink merchant coupons (spec 5.6.3, 5.6.5) and lot information (5.2.2, 5.2.5, 5.2.7). */
import { ApiError, UpstreamError } from '../../errors.js';
import type { AreaSpaces, CouponRule, PlatformLane } from '../types.js';
import type { WelinkClient } from './client.js';
import { WELINK_COUPON_USED, WelinkError } from './errors.js';
import { LongId } from './long-json.js';

interface RawRule {
  ruleId?: unknown;
  ruleName?: unknown;
  ruleType?: unknown;
  discountValue?: unknown;
}

interface RawSpace {
  areaId?: unknown;
  totalSpace?: unknown;
  freeSpace?: unknown;
  tmpFreeSpace?: unknown;
  freeSpaceValid?: unknown;
  tmpFreeSpaceValid?: unknown;
}

interface RawLane {
  laneId?: unknown;
  laneName?: unknown;
  laneType?: unknown;
  areaId?: unknown;
}

const LANE_KINDS: Record<number, PlatformLane['kind']> = { 1: 'entry', 2: 'exit', 3: 'access' };

/** The spec's "是否有效" flags are integers in the table and booleans in the example. */
const valid = (flag: unknown) => flag === true || flag === 1 || flag === undefined;

function list<T>(data: unknown, method: string): T[] {
  if (!Array.isArray(data)) throw new UpstreamError('welink', 'bad-response', 'content', `Welink ${method} did not answer a list`);
  return data as T[];
}

export class WelinkLotServices {
  constructor(private readonly client: WelinkClient) {}

  /** Checks the rule belongs to the merchant (so a forged coupon QR is refused by name), then issues the coupon. */
  async applyCoupon(mchId: string, ruleId: string, plate: string): Promise<{ couponId: string; rule: CouponRule }> {
    const rules = list<RawRule>(await this.client.call('/coupon/rules', { mchId: new LongId(mchId) }, 'GET'), '/coupon/rules');
    const raw = rules.find((r) => String(r.ruleId) === ruleId);
    if (!raw) throw new WelinkError('invalid-request', '0001', `merchant ${mchId} has no coupon rule ${ruleId}`, 'CouponRuleUnknown');
    const rule: CouponRule = { ruleId, name: String(raw.ruleName ?? ''), ruleType: Number(raw.ruleType), discountValue: Number(raw.discountValue ?? 0) };
    let couponId: unknown;
    try {
      couponId = await this.client.call<unknown>('/coupon/add', { mchId: new LongId(mchId), ruleId: new LongId(ruleId), plateNumber: plate }, 'POST');
    } catch (error) {
      // The same coupon scanned twice: not a refusal, its discount is already in the fee.
      if (error instanceof WelinkError && error.errCode === WELINK_COUPON_USED) throw new ApiError(409, 'coupon-already-applied', `coupon rule ${ruleId} was already applied to this stay; its discount is in the fee`);
      throw error;
    }
    return { couponId: String(couponId ?? ''), rule };
  }

  async spaces(): Promise<AreaSpaces[]> {
    return list<RawSpace>(await this.client.call('/info/space', undefined, 'GET'), '/info/space').map((area) => ({
      areaId: String(area.areaId),
      totalSpaces: Number(area.totalSpace ?? 0),
      freeSpaces: valid(area.tmpFreeSpaceValid) && area.tmpFreeSpace !== undefined ? Number(area.tmpFreeSpace) : valid(area.freeSpaceValid) ? Number(area.freeSpace ?? 0) : null,
    }));
  }

  async platformLanes(): Promise<PlatformLane[]> {
    return list<RawLane>(await this.client.call('/info/lanes', undefined, 'GET'), '/info/lanes').map((lane) => ({
      platformLaneId: String(lane.laneId),
      name: String(lane.laneName ?? ''),
      kind: LANE_KINDS[Number(lane.laneType)] ?? 'access',
      areaId: String(lane.areaId ?? ''),
    }));
  }

  /** The spec names the lane field `lanId` here, in both its example and its table. */
  async registerLaneQr(platformLaneId: string, qrUrl: string): Promise<string> {
    const answer = await this.client.call<{ qrCode?: unknown } | null>('/info/setQrUrl', { lanId: new LongId(platformLaneId), qrUrl }, 'POST');
    if (typeof answer?.qrCode !== 'string') throw new UpstreamError('welink', 'bad-response', 'qrCode', 'Welink setQrUrl answered no qrCode');
    return answer.qrCode;
  }
}
