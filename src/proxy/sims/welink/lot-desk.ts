/** The simulated Welink merchant coupons (spec 5.6) and lot information (5.2): rules, spaces, lanes, lane QR. */
import { simulatedFeeFen } from '../tariff.js';
import type { SimLane } from './auth-desk.js';
import { SimFailure } from './failure.js';
import type { SimCar, SimCouponRule } from './records.js';
import { beijingText, long } from './wire.js';

export interface SimMerchant {
  mchId: string;
  mchName: string;
  rules: SimCouponRule[];
}

export const SIM_MERCHANTS: SimMerchant[] = [
  {
    mchId: '11151314366657101',
    mchName: '大食堂',
    rules: [
      { ruleId: '12151107620265701', ruleName: '优惠 2 小时', ruleType: 1, discountValue: 120 },
      { ruleId: '12151114539475601', ruleName: '当天全免', ruleType: 3, discountValue: 0 },
      { ruleId: '12151107613232801', ruleName: '减免 5 元', ruleType: 0, discountValue: 5 },
    ],
  },
];

export const SIM_AREAS = [
  { areaId: '1150779322741001', totalSpace: 100, tmpSpace: 80, longSpace: 20, freeSpace: 18, tmpFreeSpace: 10, longFreeSpace: 8 },
  { areaId: '1150779322741002', totalSpace: 60, tmpSpace: 60, longSpace: 0, freeSpace: 25, tmpFreeSpace: 25, longFreeSpace: 0 },
];

const DEFAULT_TMP_FREE = SIM_AREAS.map((a) => a.tmpFreeSpace);

/** Demo and test control: `free` visitor spaces in the first area and none elsewhere, or null for the defaults. */
export function setSimFreeSpaces(free: number | null): void {
  SIM_AREAS.forEach((area, i) => (area.tmpFreeSpace = free === null ? DEFAULT_TMP_FREE[i]! : i === 0 ? free : 0));
}

/** What the car's coupons take off a payable of `payableFen` for a stay of `minutes`. */
export function couponDiscountFen(car: SimCar, payableFen: number, minutes: number): number {
  let remaining = payableFen;
  for (const rule of car.coupons) {
    if (rule.ruleType === 0) remaining -= rule.discountValue * 100;
    else if (rule.ruleType === 1) remaining = Math.min(remaining, simulatedFeeFen(Math.max(0, minutes - rule.discountValue)));
    else if (rule.ruleType === 2) remaining = Math.round((remaining * rule.discountValue) / 100);
    else remaining = 0;
    remaining = Math.max(0, remaining);
  }
  return payableFen - remaining;
}

export class WelinkLotDesk {
  readonly qrUrls = new Map<string, { qrUrl: string; qrCode: string }>();
  private nextCoupon = 13_151_200_000_000_001n;

  constructor(
    private readonly lanes: readonly SimLane[],
    private readonly cars: Map<string, SimCar>,
  ) {}

  handle(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case '/coupon/rules':
        return this.merchant(body).rules.map((r) => ({ ...r, ruleId: long(r.ruleId), dailyLimit: 100, monthlyLimit: 3000, yearlyLimit: 30000, times: 1 }));
      case '/coupon/add':
        return this.addCoupon(body);
      case '/info/space':
        return SIM_AREAS.map((a) => ({ ...a, areaId: long(a.areaId), freeSpaceValid: true, tmpFreeSpaceValid: true, longFreeSpaceValid: true }));
      case '/info/lanes':
        return this.lanes.map((l) => ({ laneId: long(l.laneId), laneName: l.laneName, laneType: l.laneType, areaId: long(l.areaId) }));
      case '/info/setQrUrl':
        return this.setQrUrl(body);
      case '/passrecord/queryOnParkingRecords':
        return this.onParkingRecords(body);
      default:
        throw new SimFailure('0005', `method ${method} is not granted to this AppId`);
    }
  }

  private merchant(body: Record<string, unknown>): SimMerchant {
    const merchant = SIM_MERCHANTS.find((m) => m.mchId === String(body.mchId ?? ''));
    if (!merchant) throw new SimFailure('0009', `no merchant ${String(body.mchId)}`);
    return merchant;
  }

  private addCoupon(body: Record<string, unknown>): unknown {
    const merchant = this.merchant(body);
    const rule = merchant.rules.find((r) => r.ruleId === String(body.ruleId ?? ''));
    if (!rule) throw new SimFailure('0001', `merchant ${merchant.mchId} has no rule ${String(body.ruleId)}`);
    const plate = String(body.plateNumber ?? '').replace(/\s/g, '');
    const car = this.cars.get(plate);
    if (!car) throw new SimFailure('0009', 'no entry record for this plate', 'NoEnterRecord');
    if (car.coupons.some((c) => c.ruleId === rule.ruleId)) throw new SimFailure('0001', 'this coupon was already given for this stay', 'CouponUsed');
    car.coupons.push(rule);
    return long(String(this.nextCoupon++));
  }

  /** Spec 5.4.3: the cars inside, each by its entry pass; `keyword` matches part of the plate. */
  private onParkingRecords(body: Record<string, unknown>): unknown {
    const keyword = String(body.keyword ?? '');
    const offset = Number(body.offset ?? 0);
    const length = Number(body.length ?? 100);
    return [...this.cars.values()]
      .filter((car) => car.plate.includes(keyword))
      .slice(offset, offset + length)
      .map((car) => {
        const lane = this.lanes.find((l) => l.laneId === car.enterLaneId);
        return { plateNumber: car.plate, time: beijingText(car.enteredAtMs), laneId: long(car.enterLaneId), laneName: lane?.laneName ?? '', authType: 2, carType: 1 };
      });
  }

  private setQrUrl(body: Record<string, unknown>): unknown {
    const laneId = String(body.lanId ?? '');
    if (!this.lanes.some((l) => l.laneId === laneId)) throw new SimFailure('0001', `unknown lanId ${laneId}`);
    const qrUrl = body.qrUrl;
    if (typeof qrUrl !== 'string' || qrUrl.length === 0 || qrUrl.length > 100) throw new SimFailure('0001', 'qrUrl must be 1–100 characters');
    const qrCode = typeof body.qrCode === 'string' && body.qrCode ? body.qrCode : String(800010 + this.qrUrls.size);
    this.qrUrls.set(laneId, { qrUrl, qrCode });
    return { qrCode };
  }
}
