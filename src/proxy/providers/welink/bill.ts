/** Welink's temp-car bill fields (queryTmpRentBill, and lane auth in state 4), amounts in yuan. */
import { parseYuan } from '../../../core/money.js';
import { minutesBetween, parseBeijing } from '../../../core/time.js';
import { UpstreamError } from '../../errors.js';
import type { UpstreamBill } from '../types.js';

export interface TmpRentBill {
  tradeNo?: number | string;
  payToken?: string;
  plateNumber?: string;
  payable?: number | string;
  discount?: number | string;
  payed?: number | string;
  money?: number | string;
  startTime?: string;
  minutes?: number | string;
  /** 入场通道标识, a Java long: a string when too long for a double (long-json.ts). */
  enterLaneId?: number | string;
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

/** A Welink bill (queryTmpRentBill, or lane auth in state 4) as the proxy's UpstreamBill. */
export function billFromWelink(bill: TmpRentBill | null, plate: string, nowMs: number): UpstreamBill {
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
  const minutes = bill.minutes === undefined && enteredAtMs !== null ? minutesBetween(enteredAtMs, nowMs) : Number(bill.minutes ?? 0);
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
 * When the car on `plate` entered, from /passrecord/queryOnParkingRecords (spec 5.4.3): the earliest
 * readable pass of that exact plate (the keyword matches loosely; a stay can pass inner gates after
 * its entry). Null when there is none or the answer is not a list.
 */
export function stayEntryFromRecords(records: unknown, plate: string, nowMs: number): number | null {
  if (!Array.isArray(records)) return null;
  const wanted = plate.replace(/\s/g, '');
  let earliest: number | null = null;
  for (const record of records as Array<{ plateNumber?: unknown; time?: unknown }>) {
    if (typeof record?.plateNumber !== 'string' || record.plateNumber.replace(/\s/g, '') !== wanted || typeof record.time !== 'string') continue;
    let at: number;
    try {
      at = parseBeijing(record.time);
    } catch {
      continue;
    }
    if (at <= nowMs && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest;
}
