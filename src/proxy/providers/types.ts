/**
 * The one interface every platform adapter implements. A lot composes a fee source with
 * (in later work) an optional city platform and payment channels.
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
  /** Whatever the platform needs to confirm this bill later (Welink payToken and tradeNo). Never sent to browsers. */
  settlement: Record<string, string>;
}

export interface PaymentConfirmation {
  amountFen: Fen;
  channel: string;
  paymentRef: string;
}

export interface FeeSource {
  readonly platform: string;
  quote(plate: string, context: { laneId: string }): Promise<UpstreamBill>;
  /** Tells the platform the bill was paid so the gate opens; safe to call again for the same bill. */
  confirmPaid(bill: UpstreamBill, payment: PaymentConfirmation): Promise<void>;
  /** Reports a bill settled at the lane without the platform; absent where the platform has no such call. */
  reportOfflineBill?(bill: OfflineBillPayload, enterLaneId: string): Promise<void>;
}
