/** Welink as a lot's fee source: /pay/queryTmpRentBill to quote, /pay/payTmpRentBill to release. */
import type { OfflineBillPayload } from '../../../core/lane-events.js';
import { toYuanString } from '../../../core/money.js';
import { formatBeijing, minutesBetween } from '../../../core/time.js';
import { sumFreeSpaces, type AreaSpaces, type CouponRule, type FeeSource, type FeeSourceCapability, type LaneAuthResult, type PaymentConfirmation, type PlatformLane, type UpstreamBill } from '../types.js';
import type { WelinkClient } from './client.js';
import { billFromWelink, stayEntryFromRecords, type TmpRentBill } from './bill.js';
import { WelinkLaneAuth, type LaneAuthTiming } from './lane-auth.js';
import { WelinkLotServices } from './lot-services.js';
import { WELINK_NO_BILL, WELINK_NO_ENTER_RECORD, WelinkError } from './errors.js';

function emptyBill(plate: string, status: UpstreamBill['status']): UpstreamBill {
  return { status, plate, enteredAtMs: null, minutes: 0, payableFen: 0, discountFen: 0, paidFen: 0, dueFen: 0, settlement: {} };
}

export class WelinkFeeSource implements FeeSource {
  readonly platform = 'welink';
  readonly capabilities: ReadonlySet<FeeSourceCapability> = new Set(['quote', 'confirm-payment', 'offline-bill', 'lane-auth', 'coupons', 'lot-info', 'external-reductions', 'free-spaces']);

  private readonly auth: WelinkLaneAuth;
  private readonly services: WelinkLotServices;

  constructor(
    private readonly client: WelinkClient,
    timing: LaneAuthTiming = { pollMs: 2000, maxPolls: 3 },
    private readonly now: () => number = Date.now,
    /** `userId` the platform wants per caller; the lane id keeps bills attributable. */
    private readonly userIdFor: (laneId: string) => string = (laneId) => `lane-${laneId}`,
  ) {
    this.auth = new WelinkLaneAuth(client, timing, now);
    this.services = new WelinkLotServices(client);
  }

  laneAuth(direction: 'entry' | 'exit', platformLaneId: string, userId: string): Promise<LaneAuthResult> {
    return this.auth.authenticate(direction, platformLaneId, userId);
  }

  refreshLaneFee(platformLaneId: string, userId: string): Promise<LaneAuthResult> {
    return this.auth.refresh(platformLaneId, userId);
  }

  applyCoupon(mchId: string, ruleId: string, plate: string): Promise<{ couponId: string; rule: CouponRule }> {
    return this.services.applyCoupon(mchId, ruleId, plate);
  }

  spaces(): Promise<AreaSpaces[]> {
    return this.services.spaces();
  }

  /** Visitor spaces (/info/space tmpFreeSpace) over the areas Welink counts validly. */
  async freeSpaces(): Promise<number | null> {
    return sumFreeSpaces(await this.services.spaces());
  }

  platformLanes(): Promise<PlatformLane[]> {
    return this.services.platformLanes();
  }

  registerLaneQr(platformLaneId: string, qrUrl: string): Promise<string> {
    return this.services.registerLaneQr(platformLaneId, qrUrl);
  }

  async quote(plate: string, { laneId }: { laneId: string }): Promise<UpstreamBill> {
    let bill: TmpRentBill | null;
    try {
      bill = await this.queryBill(plate, laneId);
    } catch (error) {
      if (error instanceof WelinkError && error.errCode === WELINK_NO_BILL) return this.stayWithoutFee(plate);
      if (error instanceof WelinkError && error.errCode === WELINK_NO_ENTER_RECORD) return emptyBill(plate, 'no-entry-record');
      throw error;
    }
    return billFromWelink(bill, plate, this.now());
  }

  /**
   * enterLaneId of the stay's bill (queryTmpRentBill, spec 5.8.2). A car with nothing to pay, no
   * record, or a bill Welink will not show has no lane to tell; a platform that cannot be reached
   * throws, so the offline bill waits for it rather than go out with "0".
   */
  async recordedEntryLane(plate: string, laneId: string): Promise<string | null> {
    try {
      const lane = (await this.queryBill(plate, laneId))?.enterLaneId;
      return lane === undefined || lane === null || !/^\d{1,19}$/.test(String(lane)) || String(lane) === '0' ? null : String(lane);
    } catch (error) {
      if (error instanceof WelinkError && (error.kind === 'no-record' || error.kind === 'invalid-request' || error.errCode === WELINK_NO_BILL)) return null;
      throw error;
    }
  }

  /**
   * NoBill (free period, paid within the grace time, coupons covering it all) says nothing about the
   * stay; the car's on-site record (/passrecord/queryOnParkingRecords, spec 5.4.3) has its entry, so
   * the driver sees when they came and how long they stayed before "nothing to pay".
   */
  private async stayWithoutFee(plate: string): Promise<UpstreamBill> {
    const enteredAtMs = await this.onSiteEntry(plate);
    return { ...emptyBill(plate, 'nothing-to-pay'), enteredAtMs, minutes: enteredAtMs === null ? 0 : minutesBetween(enteredAtMs, this.now()) };
  }

  /** The car may leave whatever this answers: a lookup Welink refuses or cannot serve only leaves the entry time out. */
  private async onSiteEntry(plate: string): Promise<number | null> {
    try {
      const records = await this.client.call<unknown>('/passrecord/queryOnParkingRecords', { keyword: plate, days: 0, offset: 0, length: 20 }, 'GET');
      return stayEntryFromRecords(records, plate, this.now());
    } catch {
      return null;
    }
  }

  private queryBill(plate: string, laneId: string): Promise<TmpRentBill | null> {
    return this.client.call<TmpRentBill | null>('/pay/queryTmpRentBill', { plateNumber: plate, userId: this.userIdFor(laneId) }, 'GET');
  }

  /**
   * Reports a bill settled at the lane while offline (/pay/addTmpRentBill, "an already completed
   * temp bill"). `paid` is what the platform collected before (nothing, offline); `amount` what the
   * lane collected.
   */
  async reportOfflineBill(bill: OfflineBillPayload, enterLaneId: string): Promise<void> {
    await this.client.call(
      '/pay/addTmpRentBill',
      {
        plateNumber: bill.plate,
        enterLaneId,
        enterTime: formatBeijing(bill.enteredAtMs),
        billEndTime: formatBeijing(bill.exitAtMs),
        payable: toYuanString(bill.payableFen),
        discount: toYuanString(bill.discountFen),
        paid: toYuanString(bill.paidFen),
        amount: toYuanString(bill.amountFen),
      },
      'POST',
    );
  }

  async confirmPaid(bill: UpstreamBill, _payment: PaymentConfirmation): Promise<void> {
    await this.client.call('/pay/payTmpRentBill', { plateNumber: bill.plate, payToken: bill.settlement.payToken }, 'POST');
  }
}
