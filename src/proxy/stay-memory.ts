/**
 * What a platform forgets once a stay owes nothing. Welink answers NoBill, with no figures, to a
 * car that paid within its grace time or whose coupons covered the fee; the driver would read
 * 无需缴费 with no word of the ¥15 they paid or the coupons they scanned a minute ago. So the proxy
 * keeps, per plate and stay (its entry time), the last figures it quoted, what was paid through it
 * and what coupons scanned at the lane covered, and puts them back on such an answer when they add up.
 *
 * Kept in the state store, so another instance or a restart still knows; written only when the
 * figures change, so a lane asking about the same car again costs no write.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Fen } from '../core/money.js';
import type { UpstreamBill } from './providers/types.js';
import type { StateStore } from './state/store.js';

/** The figures of one stay, as last quoted or paid. */
export interface StayFigures {
  enteredAtMs: number;
  payableFen: Fen;
  discountFen: Fen;
  paidFen: Fen;
}

/** Longer than any stay a lot bills as one; the platform's own records hold older ones. */
const STAY_MEMORY_MS = 7 * 24 * 3600_000;
/** Stays whose last write this process remembers, to skip rewriting the same figures. */
const WRITTEN_CACHE = 10_000;
/**
 * Welink's bill starts at its billing start, its on-site record at the car's entry: the same stay's
 * billing starts at its entry or up to a free period after it. A later stay entered after the earlier
 * one's billing start, so it never matches.
 */
const LONGEST_FREE_PERIOD_MS = 24 * 3600_000;
/** A quote waits this long for the memory: a slow store costs the driver the figures, never the quote. */
const RECALL_WAIT_MS = 200;

/** Whether a car that entered at `entryMs` is in the stay whose billing started at `startMs`. */
export function sameStay(entryMs: number, startMs: number): boolean {
  return entryMs <= startMs && startMs - entryMs <= LONGEST_FREE_PERIOD_MS;
}

/**
 * `bill` with the stay's remembered figures when the platform answered "nothing to pay" without any
 * (for the same stay: a car back for a new one starts afresh). Only figures that add up are shown:
 * a fee the proxy saw neither paid nor discounted was settled some way it does not know (the
 * platform's own app, a booth), and is left as the platform said.
 */
export function withRememberedFigures(bill: UpstreamBill, remembered: StayFigures | undefined): UpstreamBill {
  if (!isBare(bill) || !remembered || !sameStay(bill.enteredAtMs!, remembered.enteredAtMs)) return bill;
  const { payableFen, discountFen, paidFen } = remembered;
  return discountFen + paidFen >= payableFen ? { ...bill, payableFen, discountFen, paidFen } : bill;
}

/**
 * The bill after a coupon scanned at the lane left nothing to pay (`after` is bare), seconds after
 * `before` was due: the same stay, its fee as quoted, the coupons covering what payments had not.
 */
export function coveredByCoupons(after: UpstreamBill, before: UpstreamBill): UpstreamBill {
  return { ...after, enteredAtMs: after.enteredAtMs ?? before.enteredAtMs, payableFen: before.payableFen, paidFen: before.paidFen, discountFen: before.payableFen - before.paidFen };
}

/** A "nothing to pay" with no figures and a known entry: what Welink's NoBill becomes. */
export function isBare(bill: UpstreamBill): boolean {
  return bill.status === 'nothing-to-pay' && bill.enteredAtMs !== null && bill.payableFen === 0 && bill.discountFen === 0 && bill.paidFen === 0;
}

/** The figures a bill shows for its stay, when there are any to remember. */
export function stayFiguresOf(bill: Pick<UpstreamBill, 'enteredAtMs' | 'payableFen' | 'discountFen' | 'paidFen'>): StayFigures | null {
  if (bill.enteredAtMs === null || bill.payableFen === 0) return null;
  return { enteredAtMs: bill.enteredAtMs, payableFen: bill.payableFen, discountFen: bill.discountFen, paidFen: bill.paidFen };
}

export class StayMemory {
  private readonly written = new Map<string, string>();
  /** Figures on their way to the store: this process finds them meanwhile, as it does its held quotes. */
  private readonly writing = new Map<string, StayFigures>();

  constructor(private readonly store: StateStore) {}

  /** The figures last kept for `plate`'s stay in `lotId`; undefined when the store does not answer within RECALL_WAIT_MS. */
  async recall(lotId: string, plate: string): Promise<StayFigures | undefined> {
    const pending = this.writing.get(keyOf(lotId, plate));
    if (pending) return pending;
    const gaveUp = new AbortController();
    const late = delay(RECALL_WAIT_MS, undefined, { signal: gaveUp.signal }).catch(() => undefined);
    try {
      return await Promise.race([this.store.get<StayFigures>(keyOf(lotId, plate)), late]);
    } finally {
      gaveUp.abort();
    }
  }

  /** Keeps `figures` for the stay; in the background, as the quote itself is. A failed write is tried again with the next quote. */
  async remember(lotId: string, plate: string, figures: StayFigures): Promise<void> {
    const key = keyOf(lotId, plate);
    const text = JSON.stringify(figures);
    if (this.written.get(key) === text) return;
    this.written.delete(key);
    this.written.set(key, text);
    if (this.written.size > WRITTEN_CACHE) this.written.delete(this.written.keys().next().value!);
    this.writing.set(key, figures);
    try {
      await this.store.put(key, figures, STAY_MEMORY_MS, { background: true });
    } catch (error) {
      if (this.written.get(key) === text) this.written.delete(key);
      throw error;
    } finally {
      if (this.writing.get(key) === figures) this.writing.delete(key);
    }
  }
}

const keyOf = (lotId: string, plate: string) => `stay:${lotId}:${plate}`;
