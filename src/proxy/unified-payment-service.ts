/**
 * A lot's Shanghai unified payment, beyond reporting: policy reductions folded into quotes,
 * password-free release right after a quote, pay-result checks for late notifies, and the
 * reservation and stagger lists that let a car into a full lot. The downloads refresh on the
 * intervals the platform's own parameters set.
 */
import type { CityReduction, Quote, QuotePayment } from '../core/quote.js';
import { withDeadline } from './deadline.js';
import type { Logger } from './log.js';
import { admissionFor, type Admission, type Reservation, type StaggerAgreement } from './providers/shanghai/admission.js';
import type { CitySettlement, CityStay } from './providers/shanghai/ledger.js';
import { cityOrderFields } from './providers/shanghai/order-fields.js';
import type { ShanghaiReporter } from './providers/shanghai/reporter.js';
import type { ShanghaiUnifiedPayment } from './providers/shanghai/unified-payment.js';
import type { FeeSource, UpstreamBill } from './providers/types.js';

/** Reductions are a courtesy on top of the fee: the quote does not wait longer than this for them. */
const REDUCTIONS_BUDGET_MS = 800;
const DEFAULT_DOWNLOAD_SECONDS = 600;
const DAY_MS = 86_400_000;
/** A refused plate triggers a fresh download of the lists at most this often. */
const REFUSAL_RECHECK_MS = 30_000;

export interface CityPaymentHost {
  confirmPayment(quoteId: string, payment: { amountFen: number; channel: string; paymentRef: string }): Promise<QuotePayment>;
}

export class UnifiedPaymentService {
  private reservations: Reservation[] = [];
  private staggers: StaggerAgreement[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Plates refused lately, and when their refusal last downloaded the lists. */
  private readonly rechecked = new Map<string, number>();
  /** When the lists were last downloaded; health reads it. */
  listsDownloadedAt: number | null = null;
  /** Password-free releases so far. */
  passwordFreeReleases = 0;

  constructor(
    readonly reporter: ShanghaiReporter,
    readonly payment: ShanghaiUnifiedPayment,
    private readonly lotId: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers the callbacks, reads the parameters, downloads the lists, and keeps them fresh. */
  async start(callbackBase: string): Promise<void> {
    try {
      await this.payment.registerCallbacks(callbackBase, 900);
    } catch (error) {
      this.log.warn('shanghai callback registration failed', { lotId: this.lotId, err: error });
    }
    let seconds = DEFAULT_DOWNLOAD_SECONDS;
    try {
      const params = await this.payment.params();
      if (!params) this.log.info('shanghai params: the platform sent no list; downloading every 600 s', { lotId: this.lotId });
      const interval = Number(params?.get('reserve.download.interval'));
      if (Number.isFinite(interval) && interval >= 30) seconds = interval;
    } catch (error) {
      this.log.warn('shanghai params download failed', { lotId: this.lotId, err: error });
    }
    await this.refreshLists();
    this.timer = setInterval(() => void this.refreshLists(), seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refreshLists(): Promise<void> {
    const today = Math.floor((this.now() + 8 * 3600_000) / DAY_MS) * DAY_MS - 8 * 3600_000;
    try {
      [this.reservations, this.staggers] = await Promise.all([this.payment.reserves(today), this.payment.staggers(today)]);
      this.listsDownloadedAt = this.now();
    } catch (error) {
      // Keep the last lists: a reservation known a minute ago is still a reservation.
      this.log.warn('shanghai reserve/stagger download failed', { lotId: this.lotId, err: error });
    }
  }

  /**
   * Whether the car may enter. Before turning a car away from a full lot the lists are downloaded
   * again, so a driver who reserved a minute ago need not wait for the next scheduled download
   * (every 10 minutes by default); each plate causes at most one such download per REFUSAL_RECHECK_MS.
   */
  async admission(plate: string, freeSpaces: number): Promise<Admission> {
    const first = admissionFor(plate, this.now(), freeSpaces, this.reservations, this.staggers);
    const lastRecheck = this.rechecked.get(plate);
    if (first.admitted || (lastRecheck !== undefined && this.now() - lastRecheck < REFUSAL_RECHECK_MS)) return first;
    for (const [seen, at] of this.rechecked) if (this.now() - at >= REFUSAL_RECHECK_MS) this.rechecked.delete(seen);
    this.rechecked.set(plate, this.now());
    await this.refreshLists();
    return admissionFor(plate, this.now(), freeSpaces, this.reservations, this.staggers);
  }

  /**
   * Folds the city's policy reduction into a bill, where the fee source settles by token. An order
   * carries one reduceCode (§5.3.2, §5.3.3), so of several reductions in force the largest applies,
   * up to what is due, and the order names it by the platform's own code.
   */
  async applyReductions(bill: UpstreamBill, feeSource: FeeSource): Promise<UpstreamBill> {
    if (bill.status !== 'due' || !feeSource.capabilities.has('external-reductions')) return bill;
    let reduction: CityReduction | null = null;
    try {
      const reductions = await withDeadline(this.payment.reductions(bill.plate, 1), REDUCTIONS_BUDGET_MS);
      const largest = reductions.reduce<(typeof reductions)[number] | null>((best, r) => (best && best.reduceMoney >= r.reduceMoney ? best : r), null);
      if (largest) reduction = { code: largest.reduceCode, fen: Math.min(largest.reduceMoney, bill.dueFen) };
    } catch (error) {
      this.log.warn('shanghai reductions unavailable; quoting without them', { lotId: this.lotId, err: error });
      return bill;
    }
    if (!reduction) return bill;
    const dueFen = bill.dueFen - reduction.fen;
    return { ...bill, discountFen: bill.discountFen + reduction.fen, dueFen, cityReduction: reduction, status: dueFen > 0 ? 'due' : 'nothing-to-pay' };
  }

  stayOf(quote: Quote): Promise<CityStay> {
    return this.reporter.ledger.stayOf(quote, this.now());
  }

  /** Keeps how a payment through the platform settled its quote, for reconciliation. */
  async recordSettlement(quote: Quote, payMoney: number, channel: string): Promise<void> {
    const { businessId, orderId, plateId, totalMoney, reduceCode, reduceMoney } = cityOrderFields(quote, await this.stayOf(quote), 1);
    await this.reporter.ledger.recordSettlement({ orderId, businessId, plateId, totalMoney, reduceCode, reduceMoney, payMoney, channel });
  }

  /**
   * §5.3.6: the platform's payments of a closed day, each with the lot's record of how it settled
   * the fee source's bill: the driver's payMoney and the city's reduceMoney together make the
   * bill's totalMoney. `settlement` is null for a payment the lot has no record of (staff check it).
   */
  async reconcile(dayMs: number): Promise<Array<Record<string, unknown> & { settlement: CitySettlement | null }>> {
    const records = await this.payment.payResults(dayMs);
    return Promise.all(records.map(async (record) => ({ ...record, settlement: (await this.reporter.ledger.settlementOf(String(record.orderId))) ?? null })));
  }

  /** Offers a fresh due quote for password-free payment; a password-free car is confirmed paid at once. */
  async offerPasswordFree(quote: Quote, host: CityPaymentHost): Promise<boolean> {
    if (quote.status !== 'due') return false;
    const { passwordFree, description } = await this.payment.submitPayment(quote, await this.stayOf(quote), 1);
    if (!passwordFree) return false;
    await host.confirmPayment(quote.quoteId, { amountFen: quote.dueFen, channel: 'shanghai-password-free', paymentRef: quote.quoteId });
    await this.recordSettlement(quote, quote.dueFen, 'shanghai-password-free');
    this.passwordFreeReleases += 1;
    this.log.info('shanghai password-free release', { lotId: this.lotId, quoteId: quote.quoteId, description });
    return true;
  }

  /** Asks the platform whether a quote was paid (its notify may be late); confirms it if so. */
  async checkPaid(quote: Quote, host: CityPaymentHost): Promise<QuotePayment | null> {
    const result = await this.payment.payResult((await this.stayOf(quote)).businessId, quote.quoteId);
    if (!result || result.payStatus !== 1) return null;
    const channel = `shanghai-${result.payType}`;
    const confirmed = await host.confirmPayment(quote.quoteId, { amountFen: result.payMoney, channel, paymentRef: quote.quoteId });
    await this.recordSettlement(quote, result.payMoney, channel);
    return confirmed;
  }
}
