/**
 * A lot with no fee platform: the proxy keeps the entry register itself (fed by the lot's entry
 * lanes through the outbox) and prices stays with the core tariff engine, the same one the kiosk's
 * offline fallback uses, so online and offline fees agree.
 */
import type { OfflineBillPayload } from '../../../core/lane-events.js';
import { checkPlate } from '../../../core/plate.js';
import { computeFee, type Tariff } from '../../../core/tariff.js';
import type { FeeSource, FeeSourceCapability, PaymentConfirmation, UpstreamBill } from '../types.js';

/** After paying, a car has this long to reach the barrier before the meter runs again. */
const PAID_GRACE_MS = 15 * 60_000;

interface Stay {
  enteredAtMs: number;
  paidFen: number;
  paidAtMs: number | null;
}

export class LocalTariffFeeSource implements FeeSource {
  readonly platform = 'local';
  readonly capabilities: ReadonlySet<FeeSourceCapability>;
  private readonly stays = new Map<string, Stay>();

  constructor(
    private readonly tariff: Tariff,
    /** Visitor spaces of the lot; null when not configured, and then no free-space count. */
    private readonly totalSpaces: number | null = null,
    private readonly now: () => number = Date.now,
  ) {
    const always: FeeSourceCapability[] = ['quote', 'confirm-payment', 'offline-bill', 'entry-register', 'external-reductions'];
    this.capabilities = new Set(totalSpaces === null ? always : [...always, 'free-spaces']);
  }

  get carsInLot(): number {
    return this.stays.size;
  }

  /** The configured spaces less the cars the entry register holds. */
  async freeSpaces(): Promise<number | null> {
    return this.totalSpaces === null ? null : Math.max(0, this.totalSpaces - this.stays.size);
  }

  async recordPassage({ kind, plate: typed, atMs }: { kind: 'arrive' | 'leave'; plate: string; atMs: number }): Promise<void> {
    const check = checkPlate(typed);
    const plate = check.ok ? check.plate : typed;
    if (kind === 'arrive') this.stays.set(plate, { enteredAtMs: atMs, paidFen: 0, paidAtMs: null });
    else this.stays.delete(plate);
  }

  async quote(plate: string): Promise<UpstreamBill> {
    const stay = this.stays.get(plate);
    if (!stay) return { status: 'no-entry-record', plate, enteredAtMs: null, minutes: 0, payableFen: 0, discountFen: 0, paidFen: 0, dueFen: 0, settlement: {} };
    const now = this.now();
    const { fen, minutes } = computeFee(this.tariff, 'small', stay.enteredAtMs, now);
    const inGrace = stay.paidAtMs !== null && now - stay.paidAtMs <= PAID_GRACE_MS;
    const dueFen = inGrace ? 0 : Math.max(0, fen - stay.paidFen);
    return {
      status: dueFen > 0 ? 'due' : 'nothing-to-pay',
      plate,
      enteredAtMs: stay.enteredAtMs,
      minutes,
      payableFen: fen,
      discountFen: 0,
      paidFen: Math.min(fen, stay.paidFen),
      dueFen,
      settlement: { enteredAtMs: String(stay.enteredAtMs) },
    };
  }

  async confirmPaid(bill: UpstreamBill, payment: PaymentConfirmation): Promise<void> {
    const stay = this.stays.get(bill.plate);
    // The same stay still: a car that left and came back is a new stay, and this payment is not for it.
    if (!stay || String(stay.enteredAtMs) !== bill.settlement.enteredAtMs) return;
    stay.paidFen += payment.amountFen;
    stay.paidAtMs = this.now();
  }

  async reportOfflineBill(bill: OfflineBillPayload): Promise<void> {
    this.stays.delete(bill.plate);
  }
}
