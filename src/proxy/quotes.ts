/**
 * Turns fee-source bills into Quotes, remembers them until they can no longer be paid, and
 * confirms payments upstream exactly once per quote.
 *
 * Quotes, confirmations and payments live in the state store, so a payment notified after a
 * restart, or at another instance than the one that quoted, still finds its quote and is applied
 * once.
 *
 * A quote is answered before its write is on the disk; confirmations and payments are not. A
 * flush before every quote added 3–6 ms to the fee-quote route's p99 on the bench machine's disk
 * (BENCHMARKS.md), while a quote is worth nothing until a driver pays it, seconds later at the
 * soonest. So the write runs in the background, and this process finds the quote meanwhile. The
 * cost: a crash of the process within those milliseconds forgets the quote, and a payment for it
 * is refused as unknown (404; Shanghai's notify gets 3000), leaving the payment to the payment
 * service and the lot's staff to settle. A graceful stop waits for every write.
 */
import { toBeijingIso } from '../core/time.js';
import { formatYuan } from '../core/money.js';
import type { Quote, QuotePaidEvent, QuotePayment } from '../core/quote.js';
import { ApiError } from './errors.js';
import { randomBase64Url } from './random-token.js';
import { IdempotencyBusyError, IdempotencyStore } from './idempotency.js';
import type { LaneStreamHub } from './lane-stream.js';
import type { LogFields, Logger } from './log.js';
import type { LotRuntime } from './lot-runtime.js';
import type { FeeSource, PaymentConfirmation, UpstreamBill } from './providers/types.js';
import type { StateStore } from './state/store.js';
import { coveredByCoupons, isBare, StayMemory, stayFiguresOf, withRememberedFigures, type StayFigures } from './stay-memory.js';

/** A payment may be notified after the quote expired (the driver paid at the last second). */
const PAYABLE_AFTER_EXPIRY_MS = 60 * 60_000;

/** What the store keeps of a payable quote: enough to confirm it upstream from any instance. */
interface HeldQuote {
  quote: Quote;
  bill: UpstreamBill;
}

/** What the request line records of an issued quote. */
export function quoteLogFields(quote: Quote): LogFields {
  return { quoteId: quote.quoteId, lotId: quote.lotId, laneId: quote.laneId, quoteStatus: quote.status, due: formatYuan(quote.dueFen) };
}

export function expandPayUrl(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? (name === 'publicUrl' ? values[name]! : encodeURIComponent(values[name]!)) : whole,
  );
}

/** Payments remembered per plate for invoice requests; older ones are the operator's books. */
const PAYMENTS_PER_PLATE = 20;
const PAYMENT_MEMORY_MS = 31 * 24 * 3600_000;

export interface RememberedPayment {
  quote: Quote;
  event: QuotePaidEvent;
}

/** A held quote answered before its write settled. */
interface Storing {
  held: HeldQuote;
  written: Promise<void>;
}

export class QuoteService {
  private readonly confirmations: IdempotencyStore<QuotePaidEvent>;
  private readonly now: () => number;
  private readonly storing = new Map<string, Storing>();
  private readonly stays: StayMemory;

  constructor(
    private readonly store: StateStore,
    private readonly hub: LaneStreamHub,
    private readonly feeSourceOf: (lotId: string) => FeeSource | undefined,
    private readonly publicUrl: string,
    private readonly log: Logger,
    { interruptedAfterMs, now = Date.now }: { interruptedAfterMs?: number; now?: () => number } = {},
  ) {
    this.now = now;
    this.confirmations = new IdempotencyStore(store, 'payment', { now, interruptedAfterMs });
    this.stays = new StayMemory(store);
  }

  async quote(lot: LotRuntime, laneId: string, plate: string): Promise<Quote> {
    return this.issue(lot, laneId, await this.upstreamBill(lot, laneId, plate));
  }

  /**
   * A merchant coupon scanned at the lane: spent only on a stay that owes money now (on one that
   * owes nothing it would be lost to the driver: 409 nothing-to-pay), then the fee quoted again. A
   * coupon that leaves nothing to pay makes Welink forget the figures (NoBill): they are the ones
   * quoted a moment before, the coupons covering what payments had not.
   */
  async applyCoupon<C>(lot: LotRuntime, laneId: string, plate: string, apply: () => Promise<C>): Promise<{ coupon: C; quote: Quote }> {
    const before = await this.upstreamBill(lot, laneId, plate);
    if (before.status !== 'due') throw new ApiError(409, 'nothing-to-pay', `${plate} has nothing to pay: the coupon was not used`);
    const coupon = await apply();
    const after = await this.upstreamBill(lot, laneId, plate);
    return { coupon, quote: await this.issue(lot, laneId, isBare(after) ? coveredByCoupons(after, before) : after) };
  }

  private async upstreamBill(lot: LotRuntime, laneId: string, plate: string): Promise<UpstreamBill> {
    const bill = await lot.feeSource.quote(plate, { laneId });
    return lot.unifiedPayment ? lot.unifiedPayment.applyReductions(bill, lot.feeSource) : bill;
  }

  /** Wraps a bill the fee source produced some other way (lane auth) into a Quote. */
  async issue(lot: LotRuntime, laneId: string, upstream: UpstreamBill): Promise<Quote> {
    const bill = await this.withStay(lot.settings.lotId, upstream);
    const issuedMs = this.now();
    const quoteId = `Q${randomBase64Url(12)}`;
    const expiresMs = issuedMs + lot.settings.quoteTtlSeconds * 1000;
    const quote: Quote = {
      quoteId,
      lotId: lot.settings.lotId,
      laneId,
      plate: bill.plate,
      enteredAt: bill.enteredAtMs === null ? null : toBeijingIso(bill.enteredAtMs),
      minutes: bill.minutes,
      payableFen: bill.payableFen,
      discountFen: bill.discountFen,
      paidFen: bill.paidFen,
      dueFen: bill.dueFen,
      ...(bill.cityReduction ? { cityReduction: bill.cityReduction } : {}),
      status: bill.status,
      issuedAt: toBeijingIso(issuedMs),
      expiresAt: toBeijingIso(expiresMs),
      payUrl:
        bill.status === 'due'
          ? expandPayUrl(lot.settings.payUrlTemplate, {
              publicUrl: this.publicUrl,
              quoteId,
              lotId: lot.settings.lotId,
              laneId,
              plate: bill.plate,
              dueFen: String(bill.dueFen),
            })
          : null,
    };
    if (bill.status === 'due') this.hold({ quote, bill }, expiresMs - issuedMs + PAYABLE_AFTER_EXPIRY_MS);
    return quote;
  }

  /** Keeps the figures of a bill that has them; puts the stay's figures back on a bare "nothing to pay" (see stay-memory.ts). */
  private async withStay(lotId: string, bill: UpstreamBill): Promise<UpstreamBill> {
    const figures = stayFiguresOf(bill);
    if (figures) {
      this.rememberStay(lotId, bill.plate, figures);
      return bill;
    }
    if (!isBare(bill)) return bill;
    const remembered = await this.stays.recall(lotId, bill.plate).catch((error: unknown) => {
      this.log.warn('stay figures not read: "nothing to pay" shows none', { lotId, err: error });
      return undefined;
    });
    return withRememberedFigures(bill, remembered);
  }

  private rememberStay(lotId: string, plate: string, figures: StayFigures): void {
    this.stays.remember(lotId, plate, figures).catch((error: unknown) => this.log.warn('stay figures not kept: a later "nothing to pay" shows none', { lotId, err: error }));
  }

  /** Resolves once every quote answered so far is in the store (or failed to get there). */
  async stored(): Promise<void> {
    await Promise.all(Array.from(this.storing.values(), (entry) => entry.written));
  }

  private hold(held: HeldQuote, ttlMs: number): void {
    const { quoteId } = held.quote;
    const written = this.store.put(`quote:${quoteId}`, held, ttlMs, { background: true }).then(
      () => void this.storing.delete(quoteId),
      (error: unknown) => {
        this.storing.delete(quoteId);
        this.log.error('quote not stored: a payment for it will not be found', { quoteId, laneId: held.quote.laneId, err: error });
      },
    );
    this.storing.set(quoteId, { held, written });
  }

  private async held(quoteId: string): Promise<HeldQuote | undefined> {
    return this.storing.get(quoteId)?.held ?? (await this.store.get<HeldQuote>(`quote:${quoteId}`));
  }

  /** Confirmed payments for one plate in one lot, oldest first. */
  paymentsOf(lotId: string, plate: string): Promise<RememberedPayment[]> {
    return this.store.list<RememberedPayment>(`payments:${lotId}:${plate}`);
  }

  /** Public view of a held quote, for payment pages. */
  async find(quoteId: string): Promise<Quote | undefined> {
    return (await this.held(quoteId))?.quote;
  }

  /**
   * Confirms a quote upstream once, whichever instance and however often it is told. If the
   * upstream confirmation fails, nothing is recorded and the payment service may retry.
   */
  async confirmPayment(quoteId: string, payment: PaymentConfirmation): Promise<QuotePayment> {
    const held = await this.held(quoteId);
    if (!held) throw new ApiError(404, 'unknown-quote', `no payable quote ${quoteId}; it may have expired`);
    if (payment.amountFen !== held.quote.dueFen) {
      throw new ApiError(409, 'amount-mismatch', `quote ${quoteId} is due ${held.quote.dueFen} fen, payment says ${payment.amountFen}`);
    }
    try {
      const { result, replayed } = await this.confirmations.once(quoteId, () => this.applyPayment(held, payment), () => true);
      await this.confirmations.settled();
      return { event: result, duplicate: replayed };
    } catch (error) {
      if (error instanceof IdempotencyBusyError) throw new ApiError(409, 'in-progress', `quote ${quoteId} is being confirmed right now; retry shortly`);
      throw error;
    }
  }

  private async applyPayment(held: HeldQuote, payment: PaymentConfirmation): Promise<QuotePaidEvent> {
    const feeSource = this.feeSourceOf(held.quote.lotId);
    if (!feeSource) throw new ApiError(404, 'unknown-lot', `lot ${held.quote.lotId} is no longer configured`);
    await feeSource.confirmPaid(held.bill, payment);
    const event: QuotePaidEvent = {
      type: 'quote.paid',
      quoteId: held.quote.quoteId,
      plate: held.quote.plate,
      paidFen: payment.amountFen,
      channel: payment.channel,
      paidAt: toBeijingIso(this.now()),
    };
    await this.store.append(`payments:${held.quote.lotId}:${held.quote.plate}`, { quote: held.quote, event } satisfies RememberedPayment, PAYMENTS_PER_PLATE, PAYMENT_MEMORY_MS);
    const paid = stayFiguresOf({ ...held.bill, paidFen: held.bill.paidFen + payment.amountFen });
    if (paid) this.rememberStay(held.quote.lotId, held.quote.plate, paid);
    await this.hub.publish(held.quote.laneId, event);
    this.log.info('payment confirmed', { quoteId: held.quote.quoteId, laneId: held.quote.laneId, channel: payment.channel, paymentRef: payment.paymentRef });
    return event;
  }
}
