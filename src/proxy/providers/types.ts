/**
 * The one interface every platform adapter implements. A lot composes a fee source (Welink, ETCP
 * or the local tariff) with an optional city platform and its payment channels. What a platform
 * cannot do is declared in `capabilities`, never faked: routes answer 501 for a missing one.
 */
import type { OfflineBillPayload } from '../../core/lane-events.js';
import type { Fen } from '../../core/money.js';
import type { QuoteStatus } from '../../core/quote.js';

/** A bill as the fee source states it, before the proxy wraps it into a Quote. */
export interface UpstreamBill {
  status: QuoteStatus;
  plate: string;
  enteredAtMs: number | null;
  minutes: number;
  payableFen: Fen;
  discountFen: Fen;
  paidFen: Fen;
  dueFen: Fen;
  /** Whatever the platform needs to confirm this bill later (Welink payToken, ETCP orderId). Never sent to browsers. */
  settlement: Record<string, string>;
}

export interface PaymentConfirmation {
  amountFen: Fen;
  channel: string;
  /** The payment service's own id for the payment; the same on every retry of one confirmation. */
  paymentRef: string;
}

export type FeeSourceCapability = 'quote' | 'confirm-payment' | 'offline-bill' | 'entry-register' | 'lane-auth' | 'coupons' | 'lot-info';

export interface FeeSource {
  readonly platform: string;
  readonly capabilities: ReadonlySet<FeeSourceCapability>;
  quote(plate: string, context: { laneId: string }): Promise<UpstreamBill>;
  /** Tells the platform the bill was paid so the gate opens; safe to call again for the same payment. */
  confirmPaid(bill: UpstreamBill, payment: PaymentConfirmation): Promise<void>;
  /** Reports a bill settled at the lane without the platform; present with `offline-bill`. */
  reportOfflineBill?(bill: OfflineBillPayload, enterLaneId: string): Promise<void>;
  /** Records passages the platform cannot see itself; present with `entry-register`. */
  recordPassage?(passage: { kind: 'arrive' | 'leave'; plate: string; atMs: number }): Promise<void>;
}

export class CapabilityMissingError extends Error {
  override name = 'CapabilityMissingError';
  constructor(
    readonly platform: string,
    readonly capability: FeeSourceCapability,
  ) {
    super(`${platform} has no ${capability}`);
  }
}
