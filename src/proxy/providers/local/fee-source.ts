/**
 * A lot with no fee platform: the proxy keeps the entry register itself (fed by the lot's entry
 * lanes: the tickets they issue and their arrive events) and prices stays with the core tariff
 * engine, the same one the kiosk's offline fallback uses, so online and offline fees agree. Cars
 * are admitted by plate or by ticket and pay at the exit either way; a ticket is answered through
 * lane authentication, as on the platforms that have it.
 */
import type { OfflineBillPayload } from '../../../core/lane-events.js';
import { checkPlate } from '../../../core/plate.js';
import { computeFee, type Tariff } from '../../../core/tariff.js';
import type { StateStore } from '../../state/store.js';
import type { FeeSource, FeeSourceCapability, LaneAuthResult, PaymentConfirmation, UpstreamBill } from '../types.js';
import { LocalEntryRegister, paidFenOf, type Stay } from './register.js';

/** After paying, a car has this long to reach the barrier before the meter runs again. */
const PAID_GRACE_MS = 15 * 60_000;

/** The lane-auth answers in the platform state numbers the kiosk already knows (Welink's: 0 released, 1 refused, 4 pay). */
const RELEASED = 0;
const REFUSED = 1;
const PAY = 4;

export class LocalTariffFeeSource implements FeeSource {
  readonly platform = 'local';
  readonly capabilities: ReadonlySet<FeeSourceCapability>;
  private readonly register: LocalEntryRegister;

  constructor(
    private readonly tariff: Tariff,
    store: StateStore,
    lotId: string,
    /** Visitor spaces of the lot; null when not configured, and then no free-space count. */
    private readonly totalSpaces: number | null = null,
    private readonly now: () => number = Date.now,
  ) {
    const always: FeeSourceCapability[] = ['quote', 'confirm-payment', 'offline-bill', 'entry-register', 'external-reductions', 'lane-auth'];
    this.capabilities = new Set(totalSpaces === null ? always : [...always, 'free-spaces']);
    this.register = new LocalEntryRegister(store, lotId);
  }

  carsInLot(): Promise<number> {
    return this.register.carsInside();
  }

  /** The configured spaces less the cars the entry register holds. */
  async freeSpaces(): Promise<number | null> {
    return this.totalSpaces === null ? null : Math.max(0, this.totalSpaces - (await this.register.carsInside()));
  }

  async recordPassage({ kind, plate, atMs }: { kind: 'arrive' | 'leave'; plate: string; atMs: number }): Promise<void> {
    const carId = normalised(plate);
    if (kind === 'arrive') await this.register.arrived(carId, atMs);
    else await this.register.left(carId, atMs);
  }

  async recordTicketEntry({ ticketNo, plate, atMs }: { ticketNo: string; plate: string | null; atMs: number }): Promise<void> {
    await this.register.arrived(plate === null ? ticketNo : normalised(plate), atMs, ticketNo);
  }

  async quote(plate: string): Promise<UpstreamBill> {
    const stay = await this.register.stay(normalised(plate));
    return stay ? this.bill(stay) : { status: 'no-entry-record', plate, enteredAtMs: null, minutes: 0, payableFen: 0, discountFen: 0, paidFen: 0, dueFen: 0, settlement: {} };
  }

  /**
   * A ticket at the exit: its fee, or the barrier opens when nothing is due and the car leaves the
   * register there (the kiosk sends no leave for a release). Entry lanes issue tickets themselves,
   * so an entry is always released.
   */
  async laneAuth(direction: 'entry' | 'exit', _laneId: string, ticketNo: string): Promise<LaneAuthResult> {
    if (direction === 'entry') return { state: 'released', platformState: RELEASED, message: '', license: null, bill: null };
    const stay = await this.register.stayOfTicket(ticketNo);
    if (!stay) {
      return { state: 'refused', platformState: REFUSED, message: `ticket ${ticketNo} is not in the lot's entry register: its car has left already`, license: null, bill: null };
    }
    const bill = this.bill(stay);
    if (bill.dueFen > 0) return { state: 'pay', platformState: PAY, message: '', license: stay.carId, bill };
    await this.register.end(stay);
    return { state: 'released', platformState: RELEASED, message: '', license: stay.carId, bill: null };
  }

  async confirmPaid(bill: UpstreamBill, payment: PaymentConfirmation): Promise<void> {
    // The same stay still: a car that left and came back is a new stay, and this payment is not for it.
    const enteredAtMs = Number(bill.settlement.enteredAtMs);
    if (!Number.isSafeInteger(enteredAtMs)) return;
    const stay = await this.register.paid(bill.plate, enteredAtMs, payment.paymentRef, payment.amountFen, this.now());
    // A car known only by its ticket sends no leave: it is counted out once paid.
    if (stay && stay.carId === stay.ticketNo) await this.register.leaving(stay, PAID_GRACE_MS);
  }

  async reportOfflineBill(bill: OfflineBillPayload): Promise<void> {
    await this.register.left(normalised(bill.plate), bill.exitAtMs);
  }

  private bill(stay: Stay): UpstreamBill {
    const now = this.now();
    const { fen, minutes } = computeFee(this.tariff, 'small', stay.enteredAtMs, now);
    const paidFen = paidFenOf(stay);
    const inGrace = stay.paidAtMs !== null && now - stay.paidAtMs <= PAID_GRACE_MS;
    const dueFen = inGrace ? 0 : Math.max(0, fen - paidFen);
    return {
      status: dueFen > 0 ? 'due' : 'nothing-to-pay',
      plate: stay.carId,
      enteredAtMs: stay.enteredAtMs,
      minutes,
      payableFen: fen,
      discountFen: 0,
      paidFen: Math.min(fen, paidFen),
      dueFen,
      settlement: { enteredAtMs: String(stay.enteredAtMs) },
    };
  }
}

/** Lanes may send "沪L 12345" or "沪l12345": the register holds the plate as checkPlate writes it. */
function normalised(plate: string): string {
  const check = checkPlate(plate);
  return check.ok ? check.plate : plate;
}
