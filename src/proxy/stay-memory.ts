/**
 * What a platform forgets once a stay owes nothing. Welink answers NoBill, with no figures, to a
 * car that paid within its grace time or whose coupons covered the fee; the driver would read
 * 无需缴费 with no word of the ¥15 they paid or the coupons they scanned a minute ago. So the proxy
 * keeps, per plate and stay (its entry time), the last figures it quoted and what was paid through
 * it, and puts them back on such an answer.
 *
 * Kept in the state store, so another instance or a restart still knows; written only when the
 * figures change, so a lane asking about the same car again costs no write.
 */
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
 * `bill` with the stay's remembered figures when the platform answered "nothing to pay" without any
 * (the entry time must match: a car back for a new stay starts afresh). Whatever payments did not
 * cover was covered some other way (coupons, the platform's own discount), and shows as discount.
 */
export function withRememberedFigures(bill: UpstreamBill, remembered: StayFigures | undefined): UpstreamBill {
  const bare = bill.status === 'nothing-to-pay' && bill.payableFen === 0 && bill.discountFen === 0 && bill.paidFen === 0;
  if (!bare || !remembered || bill.enteredAtMs === null || remembered.enteredAtMs !== bill.enteredAtMs) return bill;
  const { payableFen, paidFen } = remembered;
  return { ...bill, payableFen, paidFen, discountFen: Math.max(remembered.discountFen, payableFen - paidFen) };
}

/** The figures a bill shows for its stay, when there are any to remember. */
export function stayFiguresOf(bill: Pick<UpstreamBill, 'enteredAtMs' | 'payableFen' | 'discountFen' | 'paidFen'>): StayFigures | null {
  if (bill.enteredAtMs === null || bill.payableFen === 0) return null;
  return { enteredAtMs: bill.enteredAtMs, payableFen: bill.payableFen, discountFen: bill.discountFen, paidFen: bill.paidFen };
}

export class StayMemory {
  private readonly written = new Map<string, string>();

  constructor(private readonly store: StateStore) {}

  /** The figures last kept for `plate`'s stay in `lotId`. */
  recall(lotId: string, plate: string): Promise<StayFigures | undefined> {
    return this.store.get<StayFigures>(keyOf(lotId, plate));
  }

  /** Keeps `figures` for the stay; in the background, as the quote itself is. */
  remember(lotId: string, plate: string, figures: StayFigures): Promise<void> {
    const key = keyOf(lotId, plate);
    const text = JSON.stringify(figures);
    if (this.written.get(key) === text) return Promise.resolve();
    this.written.delete(key);
    this.written.set(key, text);
    if (this.written.size > WRITTEN_CACHE) this.written.delete(this.written.keys().next().value!);
    return this.store.put(key, figures, STAY_MEMORY_MS, { background: true });
  }
}

const keyOf = (lotId: string, plate: string) => `stay:${lotId}:${plate}`;
