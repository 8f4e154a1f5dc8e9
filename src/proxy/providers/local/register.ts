/**
 * The entry register of a lot without a platform: which cars are inside, since when, and what
 * they paid, kept in the proxy's state store so it survives a restart (embedded LMDB) and is shared
 * by every instance (Redis).
 *
 * A car is known by its plate, or by its entry ticket's number when the entry lane had no plate.
 * The cars inside are counted by two counters that only grow, arrivals and departures, each bumped
 * at most once per stay (the store's numberFor): an outbox event delivered twice, or an arrival
 * told both by the ticket and by the plate, never counts twice.
 */
import type { StateStore } from '../../state/store.js';

/**
 * How long the markers that count an arrival or a departure once are kept: far longer than any
 * outbox redelivery. The stays themselves are kept until the car leaves, however long: a record
 * that expired would leave its car counted inside for ever.
 */
const COUNTED_ONCE_TTL_MS = 60 * 24 * 3600_000;

export interface Stay {
  /** The plate, or the entry ticket's number for a car that came in without one. */
  carId: string;
  ticketNo: string | null;
  enteredAtMs: number;
  /** Payments for this stay by the payment service's reference: a repeated confirmation adds nothing. */
  payments: Record<string, number>;
  paidAtMs: number | null;
}

export class LocalEntryRegister {
  constructor(
    private readonly store: StateStore,
    private readonly lotId: string,
  ) {}

  async stay(carId: string): Promise<Stay | undefined> {
    return this.store.get<Stay>(this.stayKey(carId));
  }

  /** The stay an entry ticket started, under the plate it was issued to or its own number. */
  async stayOfTicket(ticketNo: string): Promise<Stay | undefined> {
    const carId = await this.store.get<string>(this.ticketKey(ticketNo));
    return carId === undefined ? undefined : this.stay(carId);
  }

  /**
   * The car entered at `atMs`. An arrival no later than the stay on record is the same entry told
   * again (or an older one delivered late) and changes nothing; a later one means the car's last
   * leave was never seen, so that stay ends here and a new one begins.
   */
  async arrived(carId: string, atMs: number, ticketNo: string | null = null): Promise<void> {
    const current = await this.stay(carId);
    if (current && current.enteredAtMs >= atMs) {
      if (ticketNo && !current.ticketNo) await this.put({ ...current, ticketNo });
      return;
    }
    if (current) await this.countDeparture(current);
    await this.put({ carId, ticketNo, enteredAtMs: atMs, payments: {}, paidAtMs: null });
    await this.store.numberFor(`local-in:${this.lotId}:${carId}:${atMs}`, this.counter('arrivals'), COUNTED_ONCE_TTL_MS);
  }

  /** The car left at `atMs`; a leave from before the stay on record belongs to an earlier one. */
  async left(carId: string, atMs: number): Promise<void> {
    const current = await this.stay(carId);
    if (!current || current.enteredAtMs > atMs) return;
    await this.end(current);
  }

  /** Ends the stay now, whatever its time: the car was released at the exit. */
  async end(stay: Stay): Promise<void> {
    await this.countDeparture(stay);
    await this.store.delete(this.stayKey(stay.carId));
    if (stay.ticketNo) await this.store.delete(this.ticketKey(stay.ticketNo));
  }

  /**
   * Counts the car out now but keeps its record for `keepMs`: a car known only by its ticket has
   * paid and drives to the barrier, where no leave event can name it, and a second scan of its
   * ticket meanwhile must still find it paid.
   */
  async leaving(stay: Stay, keepMs: number): Promise<void> {
    await this.countDeparture(stay);
    await this.store.put(this.stayKey(stay.carId), stay, keepMs);
    if (stay.ticketNo) await this.store.put(this.ticketKey(stay.ticketNo), stay.carId, keepMs);
  }

  /** Records a payment for the stay that entered at `enteredAtMs`; null when that stay is over. */
  async paid(carId: string, enteredAtMs: number, paymentRef: string, amountFen: number, atMs: number): Promise<Stay | null> {
    const current = await this.stay(carId);
    if (!current || current.enteredAtMs !== enteredAtMs) return null;
    const updated: Stay = { ...current, payments: { ...current.payments, [paymentRef]: amountFen }, paidAtMs: atMs };
    await this.put(updated);
    return updated;
  }

  /** Cars inside now: every arrival counted less every departure counted. */
  async carsInside(): Promise<number> {
    const [arrivals, departures] = await Promise.all([this.store.counterValue(this.counter('arrivals')), this.store.counterValue(this.counter('departures'))]);
    return Math.max(0, arrivals - departures);
  }

  private async countDeparture(stay: Stay): Promise<void> {
    await this.store.numberFor(`local-out:${this.lotId}:${stay.carId}:${stay.enteredAtMs}`, this.counter('departures'), COUNTED_ONCE_TTL_MS);
  }

  /** Writes the stay as it stands; the record is kept until the car leaves. */
  async put(stay: Stay): Promise<void> {
    await this.store.put(this.stayKey(stay.carId), stay, Infinity);
    if (stay.ticketNo) await this.store.put(this.ticketKey(stay.ticketNo), stay.carId, Infinity);
  }

  private stayKey(carId: string): string {
    return `local-stay:${this.lotId}:${carId}`;
  }

  private ticketKey(ticketNo: string): string {
    return `local-ticket:${this.lotId}:${ticketNo}`;
  }

  private counter(kind: 'arrivals' | 'departures'): string {
    return `local-${kind}:${this.lotId}`;
  }
}

/** What was paid for the stay: each payment once. */
export function paidFenOf(stay: Stay): number {
  return Object.values(stay.payments).reduce((sum, fen) => sum + fen, 0);
}
