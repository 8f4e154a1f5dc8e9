/**
 * The one interface every platform adapter implements. A lot composes a fee source (Welink, ETCP
 * or the local tariff) with an optional city platform and its payment channels. What a platform
 * cannot do is declared in `capabilities`, never faked: routes answer 501 for a missing one.
 */
import type { OfflineBillPayload } from '../../core/lane-events.js';
import type { Fen } from '../../core/money.js';
import type { CityReduction, QuoteStatus } from '../../core/quote.js';

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
  /** The city platform's reduction folded into discountFen and dueFen, when one applies. */
  cityReduction?: CityReduction;
  /** Whatever the platform needs to confirm this bill later (Welink payToken, ETCP orderId). Never sent to browsers. */
  settlement: Record<string, string>;
}

export interface PaymentConfirmation {
  amountFen: Fen;
  channel: string;
  /** The payment service's own id for the payment; the same on every retry of one confirmation. */
  paymentRef: string;
}

/**
 * `external-reductions`: the platform settles by token, not by amount, so the lot may take less than
 * it asked (city policy reductions). ETCP lacks it: orderpaid must carry its exact remainder.
 * `free-spaces`: a live count of the lot's free visitor spaces (what the city platform is told).
 */
export type FeeSourceCapability = 'quote' | 'confirm-payment' | 'offline-bill' | 'entry-register' | 'lane-auth' | 'coupons' | 'lot-info' | 'external-reductions' | 'free-spaces';

export interface FeeSource extends LaneServices {
  readonly platform: string;
  readonly capabilities: ReadonlySet<FeeSourceCapability>;
  quote(plate: string, context: { laneId: string }): Promise<UpstreamBill>;
  /** Tells the platform the bill was paid so the gate opens; safe to call again for the same payment. */
  confirmPaid(bill: UpstreamBill, payment: PaymentConfirmation): Promise<void>;
  /**
   * Reports a bill settled at the lane without the platform; present with `offline-bill`.
   * `enterLaneId` is the platform's id of the lane the car came in by, "0" when unknown (entry-lanes.ts).
   */
  reportOfflineBill?(bill: OfflineBillPayload, enterLaneId: string): Promise<void>;
  /**
   * The platform's id of the lane the car came in by, from the platform's own record of its stay;
   * null when it has none. Present with `offline-bill` on platforms that keep entry records.
   */
  recordedEntryLane?(plate: string, laneId: string): Promise<string | null>;
  /** Records passages the platform cannot see itself; present with `entry-register`. */
  recordPassage?(passage: { kind: 'arrive' | 'leave'; plate: string; atMs: number }): Promise<void>;
  /** An entry lane of the lot issued a ticket, to the plate it read or to a car without one; present with `entry-register`. */
  recordTicketEntry?(entry: { ticketNo: string; plate: string | null; atMs: number }): Promise<void>;
  /** The lot's free visitor spaces now, or null when the platform says it has no valid count; present with `free-spaces`. */
  freeSpaces?(): Promise<number | null>;
}

/**
 * Where a lane-auth request left the car (Welink states 0–7 in words):
 * - `released`: the gate opens (0);
 * - `pay`: money is due, `bill` holds it (4);
 * - `refused` (1), `error` (5), `gate-failed` (6): the platform's message says why;
 * - `confirming` (2), `awaiting-staff` (3 after a refresh), `awaiting-capture` (7 after polling): not yet decided, ask again.
 */
export type LaneAuthState = 'released' | 'pay' | 'refused' | 'error' | 'gate-failed' | 'confirming' | 'awaiting-staff' | 'awaiting-capture';

export interface LaneAuthResult {
  state: LaneAuthState;
  /** The platform's own state number, for staff. */
  platformState: number;
  message: string;
  /** The temporary credential (unlicensed car) or the plate the platform matched. */
  license: string | null;
  bill: UpstreamBill | null;
}

export interface CouponRule {
  ruleId: string;
  name: string;
  /** 0 amount off, 1 time off, 2 percentage, 3 free until a deadline (Welink ruleType). */
  ruleType: number;
  discountValue: number;
}

export interface AreaSpaces {
  areaId: string;
  totalSpaces: number;
  /** Free spaces for temporary (visitor) cars, or null when the platform says the count is not valid. */
  freeSpaces: number | null;
}

/** The free spaces over the areas whose count the platform calls valid; null when none is. */
export function sumFreeSpaces(areas: readonly AreaSpaces[]): number | null {
  const known = areas.filter((area) => area.freeSpaces !== null);
  return known.length ? known.reduce((sum, area) => sum + area.freeSpaces!, 0) : null;
}

export interface PlatformLane {
  platformLaneId: string;
  name: string;
  kind: 'entry' | 'exit' | 'access';
  areaId: string;
}

/** Lane services beyond fees; each present exactly when its capability is declared. */
export interface LaneServices {
  /** `lane-auth`: authenticate a ticket or phone user at a lane of the platform. */
  laneAuth?(direction: 'entry' | 'exit', platformLaneId: string, userId: string): Promise<LaneAuthResult>;
  /** `lane-auth`: fetch the exit fee again once staff matched the record (state 3). */
  refreshLaneFee?(platformLaneId: string, userId: string): Promise<LaneAuthResult>;
  /** `coupons`: a merchant's coupon for this plate; the fee must be quoted again afterwards. */
  applyCoupon?(mchId: string, ruleId: string, plate: string): Promise<{ couponId: string; rule: CouponRule }>;
  /** `lot-info`: free spaces per area for the idle screen. */
  spaces?(): Promise<AreaSpaces[]>;
  /** `lot-info`: the platform's lanes, to map kiosk lanes onto them. */
  platformLanes?(): Promise<PlatformLane[]>;
  /** `lot-info`: registers the URL the lane's QR opens; answers the platform's short code. */
  registerLaneQr?(platformLaneId: string, qrUrl: string): Promise<string>;
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
