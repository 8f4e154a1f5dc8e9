/**
 * The lot's calls into Shanghai unified payment and its downloads (seeds/003 §5.2–§5.4): password-free
 * submission, pay-result queries for late notifies, policy reductions, callback registration,
 * parameters, reservations and stagger agreements, and the reconciliation and bill downloads.
 */
import type { Quote } from '../../../core/quote.js';
import { UpstreamError } from '../../errors.js';
import type { StaggerAgreement, Reservation } from './admission.js';
import type { ShanghaiClient } from './client.js';
import type { CityStay } from './ledger.js';
import { cityOrderFields } from './order-fields.js';

export interface Reduction {
  reduceCode: string;
  reduceMoney: number;
  reduceTime: number;
  reduceFrom: number;
  reduceTo: number;
}

export interface PayResult {
  orderId: string;
  payStatus: number;
  payMoney: number;
  payType: number;
  payTime: number;
}

/** urlType of /parkinglot/notify/pathurl and the callback path each one points at. */
export const CALLBACK_PATHS: ReadonlyArray<[urlType: number, path: string]> = [
  [1, 'fee-query'],
  [2, 'payment-notify'],
  [3, 'invoice'],
  [4, 'find-car'],
];

function list<T>(value: unknown, what: string): T[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new UpstreamError('shanghai', 'bad-response', 'data', `Shanghai ${what} is not a list`);
  return value as T[];
}

export class ShanghaiUnifiedPayment {
  constructor(
    private readonly client: ShanghaiClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** §5.3.3: a password-free car is released at once and charged by the platform afterwards. */
  async submitPayment(quote: Quote, stay: CityStay, vehicleType: 1 | 2): Promise<{ passwordFree: boolean; description: string }> {
    const data = await this.client.post<{ passwordFree?: unknown; description?: unknown } | null>('/parkinglot/submit/payment/{parkingId}', {
      ...cityOrderFields(quote, stay, vehicleType),
      // §5.3.3's table and example both spell it so (the fee-query answer's table says dateTime).
      dataTime: this.now(),
    });
    return { passwordFree: data?.passwordFree === true, description: typeof data?.description === 'string' ? data.description : '' };
  }

  /** §5.3.5: for a payment whose notify is late. Null when the platform has no such payment. The table spells the time dateTime. */
  async payResult(businessId: string, orderId: string): Promise<PayResult | null> {
    const data = await this.client.post<Partial<PayResult> | null>('/parkinglot/query/payresult/{parkingId}', {
      businessId,
      parkingId: this.client.credentials.parkingId,
      orderId,
      dateTime: this.now(),
    });
    if (!data || typeof data.payStatus !== 'number') return null;
    if (!Number.isSafeInteger(data.payMoney)) throw new UpstreamError('shanghai', 'bad-response', 'payMoney', 'Shanghai pay result without whole-fen payMoney');
    return { orderId, payStatus: data.payStatus, payMoney: data.payMoney!, payType: Number(data.payType ?? 0), payTime: Number(data.payTime ?? 0) };
  }

  /**
   * §5.3.1: money reductions in force now for this car. The end of a reduction is `reduceTo` in
   * the example and `reserveTo` in the field table; either is read.
   */
  async reductions(plate: string, vehicleType: 1 | 2): Promise<Reduction[]> {
    const data = await this.client.post<{ reducesList?: unknown } | null>('/parkinglot/download/reduces/{parkingId}', { plateId: plate, vehicleType });
    const now = this.now();
    return list<Partial<Reduction> & { reserveTo?: number }>(data?.reducesList, 'reducesList')
      .map((r) => ({ ...r, reduceTo: r.reduceTo ?? r.reserveTo }))
      .filter((r) => Number.isSafeInteger(r.reduceMoney) && (r.reduceMoney as number) > 0 && typeof r.reduceCode === 'string' && r.reduceCode.length <= 30)
      .filter((r) => (r.reduceFrom ?? 0) <= now && now <= (r.reduceTo ?? Number.MAX_SAFE_INTEGER))
      .map((r) => ({ reduceCode: r.reduceCode!, reduceMoney: r.reduceMoney!, reduceTime: Number(r.reduceTime ?? 0), reduceFrom: Number(r.reduceFrom ?? 0), reduceTo: Number(r.reduceTo ?? 0) }));
  }

  /** §5.3.10: tells the platform where the lot's four callbacks live. */
  async registerCallbacks(callbackBase: string, leftValidSeconds: number): Promise<void> {
    for (const [urlType, path] of CALLBACK_PATHS) {
      await this.client.post('/parkinglot/notify/pathurl/{parkingId}', { urlType, url: `${callbackBase}/${path}`, leftValidTime: leftValidSeconds, dateTime: this.now() });
    }
  }

  /**
   * §5.3.11: the spec prints the list under `message`; a platform answering like its other calls
   * puts it under `data` (with message "success"). Null when the answer holds no list at all.
   */
  async params(): Promise<Map<string, string> | null> {
    const { message, data } = await this.client.call('/parkinglot/download/params/{parkingId}', { dateTime: this.now() });
    const entries = Array.isArray(message) ? message : Array.isArray(data) ? data : null;
    if (!entries) return null;
    return new Map(
      (entries as Array<{ name?: unknown; value?: unknown } | null>).flatMap((e) => (e && typeof e.name === 'string' ? [[e.name, String(e.value)] as const] : [])),
    );
  }

  async reserves(fromDayMs: number): Promise<Reservation[]> {
    return list<Reservation>(await this.client.post('/parkinglot/download/reserves/{parkingId}', { reserveDate: fromDayMs }), 'reserves');
  }

  async staggers(fromDayMs: number): Promise<StaggerAgreement[]> {
    return list<StaggerAgreement>(await this.client.post('/parkinglot/download/stagger/{parkingId}', { queryDate: fromDayMs }), 'stagger');
  }

  /** §5.3.6: the platform's payments of one (past) day, for reconciliation. */
  async payResults(dayMs: number): Promise<Array<Record<string, unknown>>> {
    // The field table says dataTime, the example dateTime: the table wins.
    const records = list<unknown>(await this.client.post('/parkinglot/download/payresults/{parkingId}', { payDate: dayMs, dataTime: this.now() }), 'payresults');
    if (records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) throw new UpstreamError('shanghai', 'bad-response', 'data', 'Shanghai payresults holds a record that is not an object');
    return records as Array<Record<string, unknown>>;
  }

  /** §5.3.9: electronic bill numbers of one day. */
  async billInfos(dayMs: number): Promise<unknown[]> {
    return list(await this.client.post('/parkinglot/download/billinfos/{parkingId}', { billDate: dayMs, dataTime: this.now() }), 'billinfos');
  }
}
