/**
 * The simulated city platform's unified payment and downloads (seeds/003 §5.2–§5.4): password-free
 * submissions, payments and their results, policy reductions, registered callback paths, parameters,
 * reservations, stagger agreements, and the day's reconciliation and bill records.
 */

export class SimRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** /download/params answers its list in `message`, not `data`, as the spec prints it. */
export class MessageAnswer {
  constructor(readonly message: unknown) {}
}

/**
 * The request time, under the spelling the interface's field table and example agree on, or
 * under either where they disagree (seeds/003 prints both spellings across its interfaces).
 */
export function requestTime(payload: Record<string, unknown>, spelling: 'dateTime' | 'dataTime' | 'either'): number {
  const names = spelling === 'either' ? ['dateTime', 'dataTime'] : [spelling];
  const value = names.map((name) => payload[name]).find((v) => v !== undefined);
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new SimRefusal(3000, `${names.join(' or ')} is required (epoch milliseconds)`);
  return value as number;
}

export interface SimPayment {
  parkingId: string;
  businessId: string;
  orderId: string;
  plateId: string;
  vehicleType: number;
  payMoney: number;
  payType: number;
  payTime: number;
}

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3600_000;
const dayOf = (ms: number) => Math.floor((ms + BEIJING_MS) / DAY_MS);

function int(payload: Record<string, unknown>, field: string): number {
  const value = payload[field];
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new SimRefusal(3000, `${field} must be a non-negative integer`);
  return value as number;
}

function str(payload: Record<string, unknown>, field: string, max: number): string {
  const value = payload[field];
  if (typeof value !== 'string' || value === '' || value.length > max) throw new SimRefusal(3000, `${field} must be a string of 1–${max} characters`);
  return value;
}

export class ShanghaiPaymentDesk {
  readonly passwordFreePlates = new Set<string>();
  readonly submissions: Array<Record<string, unknown>> = [];
  readonly payments = new Map<string, SimPayment>();
  readonly reductions = new Map<string, Array<Record<string, unknown>>>();
  readonly reservations: Array<Record<string, unknown>> = [];
  readonly staggers: Array<Record<string, unknown>> = [];
  /** urlType → URL the lot registered. */
  readonly callbackUrls = new Map<number, { url: string; leftValidTime: number }>();
  /** Where /download/params puts its list: `message` as the spec prints it, or `data` like every other call. */
  paramsUnder: 'message' | 'data' = 'message';

  constructor(
    private readonly parkingId: string,
    private readonly clock: () => number,
  ) {}

  /** A driver pays an order in the city's app. */
  pay(payment: Omit<SimPayment, 'parkingId' | 'payTime'> & { payTime?: number }): SimPayment {
    const record = { parkingId: this.parkingId, payTime: this.clock(), ...payment };
    this.payments.set(record.orderId, record);
    return record;
  }

  handle(route: string, payload: Record<string, unknown>): unknown {
    switch (route) {
      case 'submit/payment':
        return this.submit(payload);
      case 'query/payresult': {
        str(payload, 'businessId', 50);
        // The table says dateTime, the example dataTime.
        requestTime(payload, 'either');
        const payment = this.payments.get(str(payload, 'orderId', 30));
        return payment ? { ...payment, payStatus: 1, dateTime: this.clock() } : null;
      }
      case 'download/reduces':
        return { parkingId: this.parkingId, plateId: str(payload, 'plateId', 10), vehicleType: payload.vehicleType, reducesList: this.reductions.get(String(payload.plateId)) ?? [] };
      case 'notify/pathurl': {
        const urlType = int(payload, 'urlType');
        if (![1, 2, 3, 4].includes(urlType)) throw new SimRefusal(3001, 'urlType must be 1, 2, 3 or 4');
        this.callbackUrls.set(urlType, { url: str(payload, 'url', 100), leftValidTime: int(payload, 'leftValidTime') });
        return undefined;
      }
      case 'download/params': {
        const params = [
          { name: 'reserve.download.interval', value: '600', desc: '预约信息下载间隔, 单位(秒)' },
          { name: 'stagger.download.interval', value: '600', desc: '错峰信息下载间隔, 单位(秒)' },
        ];
        return this.paramsUnder === 'message' ? new MessageAnswer(params) : params;
      }
      case 'download/reserves': {
        const from = int(payload, 'reserveDate');
        return this.reservations.filter((r) => dayOf(r.reserveTo as number) >= dayOf(from));
      }
      case 'download/stagger': {
        const from = int(payload, 'queryDate');
        return this.staggers.filter((s) => dayOf(s.staggerDayTo as number) >= dayOf(from));
      }
      case 'download/payresults':
        // Table dataTime, example dateTime.
        requestTime(payload, 'either');
        return this.ofDay(int(payload, 'payDate')).map(({ plateId: _p, vehicleType: _v, ...p }) => ({ ...p, remark: '', dateTime: this.clock() }));
      case 'download/billinfos':
        requestTime(payload, 'either');
        return this.ofDay(int(payload, 'billDate')).map((p) => ({ orderId: p.orderId, billId: `3101012090${p.orderId.slice(-8)}`, payMoney: p.payMoney, payType: 2, payTime: p.payTime }));
      default:
        throw new SimRefusal(2005, `unknown request type ${route}`);
    }
  }

  /** A reduction in an order must be one this platform granted the car: its code, at most its amount. */
  private checkReduction(plateId: string, reduceCode: string, reduceMoney: number): void {
    if (reduceCode === '99999') {
      if (reduceMoney !== 0) throw new SimRefusal(3003, 'reduceMoney without a reduceCode');
      return;
    }
    const granted = (this.reductions.get(plateId) ?? []).find((r) => r.reduceCode === reduceCode);
    if (!granted) throw new SimRefusal(3003, `reduceCode ${reduceCode} was not granted to ${plateId}`);
    if (reduceMoney > (granted.reduceMoney as number)) throw new SimRefusal(3003, `reduceMoney exceeds the ${String(granted.reduceMoney)} fen granted`);
  }

  private ofDay(dayMs: number): SimPayment[] {
    if (dayOf(dayMs) >= dayOf(this.clock())) throw new SimRefusal(3000, '当日账单无法下载 the day is not over');
    return [...this.payments.values()].filter((p) => dayOf(p.payTime) === dayOf(dayMs));
  }

  private submit(payload: Record<string, unknown>): unknown {
    const businessId = str(payload, 'businessId', 50);
    if (businessId.length !== 28) throw new SimRefusal(3000, 'businessId must follow the 28-character rule');
    const orderId = str(payload, 'orderId', 30);
    const plateId = str(payload, 'plateId', 10);
    for (const field of ['arrivedTime', 'totalMoney', 'reduceMoney', 'reduceTime', 'dueMoney', 'validityQuoteTime']) int(payload, field);
    // Table and example agree on dataTime here.
    requestTime(payload, 'dataTime');
    this.checkReduction(plateId, str(payload, 'reduceCode', 30), payload.reduceMoney as number);
    if (![1, 2].includes(payload.vehicleType as number)) throw new SimRefusal(3001, 'vehicleType must be 1 or 2');
    if ((payload.totalMoney as number) - (payload.reduceMoney as number) !== payload.dueMoney) throw new SimRefusal(3003, 'dueMoney must be totalMoney − reduceMoney');
    this.submissions.push(payload);
    const passwordFree = this.passwordFreePlates.has(plateId);
    // A password-free car is charged through its signed channel (type 4 stands for it here).
    if (passwordFree) this.pay({ businessId, orderId, plateId, vehicleType: payload.vehicleType as number, payMoney: payload.dueMoney as number, payType: 4 });
    return { parkingId: this.parkingId, passwordFree, description: passwordFree ? '免密支付车辆' : '非免密支付车辆' };
  }
}
