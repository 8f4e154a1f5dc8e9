/** Welink as a lot's fee source: /pay/queryTmpRentBill to quote, /pay/payTmpRentBill to release. */
import type { OfflineBillPayload } from '../../../core/lane-events.js';
import { parseYuan, toYuanString } from '../../../core/money.js';
import { formatBeijing, minutesBetween, parseBeijing } from '../../../core/time.js';
import { UpstreamError } from '../../errors.js';
import type { FeeSource, FeeSourceCapability, PaymentConfirmation, UpstreamBill } from '../types.js';
import type { WelinkClient } from './client.js';
import { WELINK_NO_BILL, WELINK_NO_ENTER_RECORD, WelinkError } from './errors.js';

interface TmpRentBill {
  tradeNo?: number | string;
  payToken?: string;
  plateNumber?: string;
  payable?: number | string;
  discount?: number | string;
  payed?: number | string;
  money?: number | string;
  startTime?: string;
  minutes?: number | string;
}

function emptyBill(plate: string, status: UpstreamBill['status']): UpstreamBill {
  return { status, plate, enteredAtMs: null, minutes: 0, payableFen: 0, discountFen: 0, paidFen: 0, dueFen: 0, settlement: {} };
}

function yuanField(bill: TmpRentBill, field: keyof TmpRentBill): number {
  const value = bill[field];
  if (value === undefined || value === null || value === '') return 0;
  try {
    return parseYuan(value as string | number);
  } catch (cause) {
    throw new UpstreamError('welink', 'bad-response', 'amount', `Welink bill field ${field} is not a yuan amount: ${JSON.stringify(value)}`, { cause });
  }
}

export class WelinkFeeSource implements FeeSource {
  readonly platform = 'welink';
  readonly capabilities: ReadonlySet<FeeSourceCapability> = new Set(['quote', 'confirm-payment', 'offline-bill', 'lane-auth', 'coupons', 'lot-info']);

  constructor(
    private readonly client: WelinkClient,
    /** `userId` the platform wants per caller; the lane id keeps bills attributable. */
    private readonly userIdFor: (laneId: string) => string = (laneId) => `lane-${laneId}`,
  ) {}

  async quote(plate: string, { laneId }: { laneId: string }): Promise<UpstreamBill> {
    let bill: TmpRentBill | null;
    try {
      bill = await this.client.call<TmpRentBill | null>('/pay/queryTmpRentBill', { plateNumber: plate, userId: this.userIdFor(laneId) }, 'GET');
    } catch (error) {
      if (error instanceof WelinkError && error.errCode === WELINK_NO_BILL) return emptyBill(plate, 'nothing-to-pay');
      if (error instanceof WelinkError && error.errCode === WELINK_NO_ENTER_RECORD) return emptyBill(plate, 'no-entry-record');
      throw error;
    }
    if (!bill || typeof bill !== 'object') throw new UpstreamError('welink', 'bad-response', 'content', 'Welink bill is empty');
    const payableFen = yuanField(bill, 'payable');
    const discountFen = yuanField(bill, 'discount');
    const paidFen = yuanField(bill, 'payed');
    // `money` (实付) is what Welink will collect; trust it over our own subtraction.
    const dueFen = bill.money === undefined ? Math.max(0, payableFen - discountFen - paidFen) : yuanField(bill, 'money');
    let enteredAtMs: number | null = null;
    if (bill.startTime) {
      try {
        enteredAtMs = parseBeijing(bill.startTime);
      } catch (cause) {
        throw new UpstreamError('welink', 'bad-response', 'startTime', `Welink startTime unreadable: ${bill.startTime}`, { cause });
      }
    }
    // Some deployments leave `minutes` out; the billing start gives it then.
    const minutes = bill.minutes === undefined && enteredAtMs !== null ? minutesBetween(enteredAtMs, Date.now()) : Number(bill.minutes ?? 0);
    if (dueFen > 0 && typeof bill.payToken !== 'string') {
      throw new UpstreamError('welink', 'bad-response', 'payToken', 'Welink bill with money due has no payToken');
    }
    return {
      status: dueFen > 0 ? 'due' : 'nothing-to-pay',
      plate: bill.plateNumber ?? plate,
      enteredAtMs,
      minutes: Number.isFinite(minutes) && minutes >= 0 ? Math.floor(minutes) : 0,
      payableFen,
      discountFen,
      paidFen,
      dueFen,
      settlement: { payToken: bill.payToken ?? '', tradeNo: String(bill.tradeNo ?? '') },
    };
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
