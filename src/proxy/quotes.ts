/**
 * Turns fee-source bills into Quotes, remembers them until they can no longer be paid, and
 * confirms payments upstream exactly once per quote.
 *
 * Quotes are held in memory: losing them on restart costs the driver one re-quote, which is the
 * "state it can lose" the design allows.
 */
import { randomBytes } from 'node:crypto';
import { toBeijingIso } from '../core/time.js';
import { formatYuan } from '../core/money.js';
import type { Quote, QuotePaidEvent } from '../core/quote.js';
import { ApiError } from './errors.js';
import type { LotSettings } from './config.js';
import type { LaneEventHub } from './lane-events.js';
import type { Logger } from './log.js';
import type { ShanghaiCity } from './city-services.js';
import type { ShanghaiReporter } from './providers/shanghai/reporter.js';
import type { FeeSource, PaymentConfirmation, UpstreamBill } from './providers/types.js';

/** A payment may be notified after the quote expired (the driver paid at the last second). */
const PAYABLE_AFTER_EXPIRY_MS = 60 * 60_000;

interface HeldQuote {
  quote: Quote;
  bill: UpstreamBill;
  feeSource: FeeSource;
  keepUntilMs: number;
  confirmation?: Promise<QuotePaidEvent>;
}

export interface LotRuntime {
  settings: LotSettings;
  feeSource: FeeSource;
  /** The city platform passages are reported to, when the lot has one. */
  city: ShanghaiReporter | null;
  /** The city's unified payment (reductions, password-free, reservations), with the city platform. */
  unifiedPayment: ShanghaiCity | null;
}

export interface PaymentResult {
  event: QuotePaidEvent;
  /** True when this quote had already been confirmed; nothing was applied twice. */
  duplicate: boolean;
}

export function expandPayUrl(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? (name === 'publicUrl' ? values[name]! : encodeURIComponent(values[name]!)) : whole,
  );
}

/** Payments remembered for invoice requests; older ones are the operator's books. */
const PAYMENT_MEMORY = 10_000;

export interface RememberedPayment {
  quote: Quote;
  event: QuotePaidEvent;
}

export class QuoteService {
  private readonly held = new Map<string, HeldQuote>();
  private readonly payments: RememberedPayment[] = [];

  constructor(
    private readonly hub: LaneEventHub,
    private readonly publicUrl: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async quote(lot: LotRuntime, laneId: string, plate: string): Promise<Quote> {
    const bill = await lot.feeSource.quote(plate, { laneId });
    return this.issue(lot, laneId, lot.unifiedPayment ? await lot.unifiedPayment.applyReductions(bill, lot.feeSource) : bill);
  }

  /** Wraps a bill the fee source produced some other way (lane auth) into a Quote. */
  issue(lot: LotRuntime, laneId: string, bill: UpstreamBill): Quote {
    const issuedMs = this.now();
    const quoteId = `Q${randomBytes(12).toString('base64url')}`;
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
    if (bill.status === 'due') {
      this.prune(issuedMs);
      this.held.set(quoteId, { quote, bill, feeSource: lot.feeSource, keepUntilMs: expiresMs + PAYABLE_AFTER_EXPIRY_MS });
    }
    this.log.info('quote issued', { quoteId, lotId: quote.lotId, laneId, status: quote.status, due: formatYuan(quote.dueFen) });
    return quote;
  }

  /** Confirmed payments for one plate in one lot, oldest first. */
  paymentsOf(lotId: string, plate: string): RememberedPayment[] {
    return this.payments.filter((p) => p.quote.lotId === lotId && p.quote.plate === plate);
  }

  /** Public view of a held quote, for payment pages. */
  find(quoteId: string): Quote | undefined {
    return this.held.get(quoteId)?.quote;
  }

  async confirmPayment(quoteId: string, payment: PaymentConfirmation): Promise<PaymentResult> {
    const held = this.held.get(quoteId);
    if (!held) throw new ApiError(404, 'unknown-quote', `no payable quote ${quoteId}; it may have expired or the proxy restarted`);
    if (payment.amountFen !== held.quote.dueFen) {
      throw new ApiError(409, 'amount-mismatch', `quote ${quoteId} is due ${held.quote.dueFen} fen, payment says ${payment.amountFen}`);
    }
    if (held.confirmation) return { event: await held.confirmation, duplicate: true };
    held.confirmation = this.applyPayment(held, payment);
    try {
      return { event: await held.confirmation, duplicate: false };
    } catch (error) {
      // Let the payment service retry: nothing was applied upstream.
      delete held.confirmation;
      throw error;
    }
  }

  private async applyPayment(held: HeldQuote, payment: PaymentConfirmation): Promise<QuotePaidEvent> {
    await held.feeSource.confirmPaid(held.bill, payment);
    const event: QuotePaidEvent = {
      type: 'quote.paid',
      quoteId: held.quote.quoteId,
      plate: held.quote.plate,
      paidFen: payment.amountFen,
      channel: payment.channel,
      paidAt: toBeijingIso(this.now()),
    };
    this.hub.publish(held.quote.laneId, event);
    this.payments.push({ quote: held.quote, event });
    if (this.payments.length > PAYMENT_MEMORY) this.payments.shift();
    this.log.info('payment confirmed', { quoteId: held.quote.quoteId, laneId: held.quote.laneId, channel: payment.channel, paymentRef: payment.paymentRef });
    return event;
  }

  private prune(nowMs: number): void {
    for (const [id, held] of this.held) if (held.keepUntilMs <= nowMs) this.held.delete(id);
  }
}
