/**
 * An embedded Welink platform: verifies every request as the spec says, keeps the lot's cars,
 * bills and payments, and answers in the spec's envelope and codes. Tests assert on `received`
 * and `payments`; the demo seeds a few cars.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText, sendJson } from '../http-util.js';
import { simulatedFeeFen } from '../tariff.js';
import { WelinkAuthDesk, type SimLane } from './auth-desk.js';
import { SimFailure } from './failure.js';
import { couponDiscountFen, WelinkLotDesk } from './lot-desk.js';
import type { SimCar } from './records.js';
import { COMMON_PARAMS, beijingText, openContent, sealContent, signatureMatches } from './wire.js';

export interface WelinkSimOptions {
  appId: string;
  secretKey: string;
  parkId: string;
  /** Requests whose Timestamp is further than this from now are refused (replay window). */
  timestampWindowSeconds?: number;
  /** The lot's lanes as /info/lanes lists them; lane auth checks against them. */
  lanes?: SimLane[];
  now?: () => number;
}

export const SIM_DEFAULT_LANES: SimLane[] = [
  { laneId: '3150432953492101', laneName: '地面入口', laneType: 1, areaId: '1150779322741001' },
  { laneId: '3150432953492102', laneName: '地面出口', laneType: 2, areaId: '1150779322741001' },
];

export interface SimBill {
  tradeNo: number;
  payToken: string;
  plate: string;
  dueFen: number;
  issuedAtMs: number;
  paid: boolean;
}

export interface SimRequestRecord {
  method: string;
  httpMethod: string;
  code: string;
  payload: unknown;
  at: number;
}

/** After paying, a car has this long to reach the exit before the meter runs again. */
const PAID_GRACE_MINUTES = 15;
const BILL_LIFETIME_MS = 15 * 60_000;
/** How long a bill is remembered: past its lifetime, so a late replay of its payment still reads as done. */
const BILL_MEMORY_MS = BILL_LIFETIME_MS + 60 * 60_000;

export class WelinkSimulator {
  readonly cars = new Map<string, SimCar>();
  readonly bills = new Map<string, SimBill>();
  readonly payments: Array<{ tradeNo: number; plate: string; amountFen: number; at: number }> = [];
  readonly received: SimRequestRecord[] = [];
  /** Bills reported through /pay/addTmpRentBill, in arrival order. */
  readonly offlineBills: Array<{ plate: string; enterLaneId: string; enterTime: string; billEndTime: string; amountFen: number; payableFen: number }> = [];
  private readonly seenNonces = new Map<string, number>();
  private nextTradeNo = 98_000_000;
  private readonly windowMs: number;
  private readonly now: () => number;
  readonly lanes: readonly SimLane[];
  readonly auth: WelinkAuthDesk;
  readonly lot: WelinkLotDesk;

  constructor(private readonly options: WelinkSimOptions) {
    this.windowMs = (options.timestampWindowSeconds ?? 300) * 1000;
    this.now = options.now ?? Date.now;
    this.lanes = options.lanes ?? SIM_DEFAULT_LANES;
    this.auth = new WelinkAuthDesk({
      lanes: this.lanes,
      cars: this.cars,
      enter: (plate, at, laneId) => this.enter(plate, at, laneId),
      billFor: (car) => this.billFor(car),
      now: () => this.now(),
    });
    this.lot = new WelinkLotDesk(this.lanes, this.cars);
  }

  /** A car enters; by the lot's first entry lane unless another is named. */
  enter(plate: string, enteredAtMs: number, enterLaneId = this.lanes.find((lane) => lane.laneType === 1)?.laneId ?? '0'): SimCar {
    const car: SimCar = { plate, enteredAtMs, enterLaneId, paidFen: 0, paidAtMs: null, coupons: [] };
    this.cars.set(plate, car);
    return car;
  }

  /** Handles `/api/<method>` (path relative to the simulator's mount point). */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = path.replace(/^\/api/, '');
    let payload: unknown = null;
    let flags: { encrypted: boolean; zipped: boolean };
    try {
      const params = await this.readParams(req);
      flags = this.authenticate(params);
      const content = params.get('content') ?? '';
      try {
        payload = content === '' ? null : openContent(content, this.options.secretKey, flags.encrypted, flags.zipped);
      } catch (error) {
        throw new SimFailure('0001', `content cannot be decoded: ${(error as Error).message}`);
      }
      const data = this.dispatch(method, payload);
      this.record(method, req.method ?? '', '0000', payload);
      sendJson(res, 200, {
        responseStatus: { code: '0000', message: 'Success' },
        responseData: {
          encryptCode: flags.encrypted ? 1 : 0,
          zipCode: flags.zipped ? 1 : 0,
          content: data === undefined ? '' : sealContent(data, this.options.secretKey, flags.encrypted, flags.zipped),
        },
      });
    } catch (error) {
      const failure = error instanceof SimFailure ? error : new SimFailure('0006', (error as Error).message);
      this.record(method, req.method ?? '', failure.errCode ?? failure.code, payload);
      sendJson(res, 200, {
        responseStatus: { code: failure.code, message: failure.message, ...(failure.errCode ? { errCode: failure.errCode } : {}) },
      });
    }
  }

  private record(method: string, httpMethod: string, code: string, payload: unknown): void {
    this.received.push({ method, httpMethod, code, payload, at: this.now() });
    if (this.received.length > 10_000) this.received.shift();
  }

  /** GET reads only the query string, POST only the form body (spec 4.1.1: never mixed). */
  private async readParams(req: IncomingMessage): Promise<Map<string, string>> {
    const raw = req.method === 'POST' ? await readBodyText(req) : new URL(req.url ?? '', 'http://sim').search.slice(1);
    const params = new Map<string, string>();
    for (const [name, value] of new URLSearchParams(raw)) {
      if (params.has(name)) throw new SimFailure('0001', `parameter ${name} given twice`);
      params.set(name, value);
    }
    return params;
  }

  private authenticate(params: Map<string, string>): { encrypted: boolean; zipped: boolean } {
    for (const name of COMMON_PARAMS) {
      if (!params.get(name)) throw new SimFailure('0001', `missing parameter ${name}`);
    }
    if (params.get('AppId') !== this.options.appId) throw new SimFailure('0002', 'AppId not registered');
    const encryptCode = params.get('encryptCode');
    const zipCode = params.get('zipCode');
    if (!/^[01]$/.test(encryptCode!) || !/^[01]$/.test(zipCode!)) throw new SimFailure('0001', 'encryptCode and zipCode must be 0 or 1');
    if (!/^\d+$/.test(params.get('Nonce')!)) throw new SimFailure('0001', 'Nonce must be a positive integer');
    if (!signatureMatches(this.options.secretKey, params)) throw new SimFailure('0003', 'Signature does not match');
    if (params.get('ParkId') !== this.options.parkId) throw new SimFailure('0004', 'ParkId not granted to this AppId');
    const stamp = params.get('Timestamp')!;
    if (!/^\d{10}$|^\d{13}$/.test(stamp)) throw new SimFailure('0001', 'Timestamp must be epoch seconds or milliseconds');
    const stampMs = stamp.length === 10 ? Number(stamp) * 1000 : Number(stamp);
    const now = this.now();
    if (Math.abs(now - stampMs) > this.windowMs) throw new SimFailure('0003', 'Timestamp outside the allowed window');
    this.forgetOldNonces(now);
    const nonceKey = `${stamp}:${params.get('Nonce')}`;
    if (this.seenNonces.has(nonceKey)) throw new SimFailure('0003', 'Nonce already used with this Timestamp');
    this.seenNonces.set(nonceKey, now);
    return { encrypted: encryptCode === '1', zipped: zipCode === '1' };
  }

  private forgetOldNonces(now: number): void {
    forgetFromFront(this.seenNonces, (at) => now - at <= this.windowMs);
  }

  private dispatch(method: string, payload: unknown): unknown {
    const body = (payload ?? {}) as Record<string, unknown>;
    switch (method) {
      case '/pay/queryTmpRentBill':
        return this.queryTmpRentBill(requiredText(body, 'plateNumber'), requiredText(body, 'userId'));
      case '/pay/addTmpRentBill':
        this.addTmpRentBill(body);
        return undefined;
      case '/pay/payTmpRentBill':
        this.payTmpRentBill(requiredText(body, 'plateNumber'), requiredText(body, 'payToken'));
        return undefined;
      default:
        if (method.startsWith('/auth/')) return this.auth.handle(method, body);
        if (method.startsWith('/coupon/') || method.startsWith('/info/') || method.startsWith('/passrecord/')) return this.lot.handle(method, body);
        throw new SimFailure('0005', `method ${method} is not granted to this AppId`);
    }
  }

  private findCar(plate: string): SimCar {
    const car = this.cars.get(plate.replace(/\s/g, ''));
    if (!car) throw new SimFailure('0009', 'no entry record for this plate', 'NoEnterRecord');
    return car;
  }

  private queryTmpRentBill(plate: string, _userId: string): unknown {
    const bill = this.billFor(this.findCar(plate));
    if (!bill) throw new SimFailure('0009', 'no parking fee to pay', 'NoBill');
    return bill;
  }

  /** Issues a bill (and its payToken) for a car with money due; null when it may leave. */
  billFor(car: SimCar): Record<string, unknown> | null {
    const now = this.now();
    const minutes = Math.max(0, Math.floor((now - car.enteredAtMs) / 60_000));
    const withinGrace = car.paidAtMs !== null && now - car.paidAtMs <= PAID_GRACE_MINUTES * 60_000;
    const payableFen = simulatedFeeFen(minutes);
    const discountFen = couponDiscountFen(car, payableFen, minutes);
    const dueFen = withinGrace ? 0 : Math.max(0, payableFen - discountFen - car.paidFen);
    if (dueFen === 0) return null;
    forgetFromFront(this.bills, (bill) => now - bill.issuedAtMs <= BILL_MEMORY_MS);
    const payToken = `${randomBytes(48).toString('base64')}$${now}`;
    const tradeNo = this.nextTradeNo++;
    this.bills.set(payToken, { tradeNo, payToken, plate: car.plate, dueFen, issuedAtMs: now, paid: false });
    return {
      tradeNo,
      payToken,
      plateNumber: car.plate,
      payable: payableFen / 100,
      discount: discountFen / 100,
      payed: car.paidFen / 100,
      money: dueFen / 100,
      comment: car.coupons.map((c) => c.ruleName).join('，'),
      startTime: beijingText(car.enteredAtMs),
      endTime: beijingText(now),
      leaveTime: beijingText(now + PAID_GRACE_MINUTES * 60_000),
      minutes,
      enterLaneId: Number(car.enterLaneId),
    };
  }

  /** Spec 5.8.5: an already completed temp bill; the car is out of the lot afterwards. */
  private addTmpRentBill(body: Record<string, unknown>): void {
    const plate = requiredText(body, 'plateNumber');
    // "0" when the lot does not know the entry lane; otherwise one of the lot's entry or access lanes.
    const enterLaneId = requiredText(body, 'enterLaneId');
    if (enterLaneId !== '0' && !this.lanes.some((lane) => lane.laneId === enterLaneId && lane.laneType !== 2)) {
      throw new SimFailure('0001', `enterLaneId ${enterLaneId} is not an entry lane of this lot`);
    }
    const enterTime = requiredText(body, 'enterTime');
    const billEndTime = requiredText(body, 'billEndTime');
    if (!SIM_TIME.test(enterTime) || !SIM_TIME.test(billEndTime)) throw new SimFailure('0001', 'times must be yyyy-MM-dd HH:mm:ss');
    const amounts = ['payable', 'discount', 'paid', 'amount'].map((field) => yuanToFen(requiredText(body, field), field));
    this.offlineBills.push({ plate, enterLaneId, enterTime, billEndTime, payableFen: amounts[0]!, amountFen: amounts[3]! });
    this.cars.delete(plate);
  }

  private payTmpRentBill(plate: string, payToken: string): void {
    const bill = this.bills.get(payToken);
    if (!bill || bill.plate !== plate.replace(/\s/g, '')) throw new SimFailure('0001', 'payToken unknown for this plate');
    if (bill.paid) return;
    if (this.now() - bill.issuedAtMs > BILL_LIFETIME_MS) throw new SimFailure('0001', 'payToken expired');
    bill.paid = true;
    const car = this.findCar(plate);
    car.paidFen += bill.dueFen;
    car.paidAtMs = this.now();
    this.payments.push({ tradeNo: bill.tradeNo, plate: bill.plate, amountFen: bill.dueFen, at: car.paidAtMs });
  }
}

/** Nonces and bills are kept in the order they arrived, so the ones to forget are always at the front. */
function forgetFromFront<K, V>(entries: Map<K, V>, stillKept: (value: V) => boolean): void {
  for (const [key, value] of entries) {
    if (stillKept(value)) break;
    entries.delete(key);
  }
}

const SIM_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function yuanToFen(value: string, field: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(value)) throw new SimFailure('0001', `${field} is not an amount`);
  const [whole, decimals = ''] = value.split('.');
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
}

function requiredText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') throw new SimFailure('0001', `missing ${field}`);
  return value;
}
