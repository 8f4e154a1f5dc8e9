/**
 * Connects an exit lane to its printer, scanner and barrier gate: prints the exit receipt when a
 * car has paid, lifts the barrier when the lane decided the car may go, keeps the devices' status
 * for the status bar, and routes scans (plates and tickets start the exit, coupons apply to the
 * fee on screen).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GateOpening } from '../../core/gate-decision.js';
import type { GateOpenPayload, OfflineBillPayload } from '../../core/lane-events.js';
import { classifyScan, type ScanMeaning } from '../../core/scan-router.js';
import { openGateFor, type GateStatus, type LaneGate } from '../../hardware/gate.js';
import type { LaneConfig, Quote } from '../../core/quote.js';
import type { PrinterDriver } from '../../hardware/printer-driver.js';
import type { PrinterStatus } from '../../hardware/printer-status.js';
import type { ScannerDriver, ScanEventDetail } from '../../hardware/scanner-driver.js';
import type { LazyPart } from '../shared/lazy-part.js';
import type * as ExitPrinting from './exit-printing.js';

/**
 * A scan the lane could not act on: a coupon with no fee on screen, a customer's payment code (the
 * lane is paid through its pay QR), a coupon link from a host the lot does not accept, or a code it
 * does not know.
 */
export type ScanNote = 'coupon-needs-fee' | 'coupon-nothing-due' | 'payment-code' | 'coupon-host' | 'unknown';

export interface HardwareHost {
  config(): LaneConfig | null;
  /** A plate read by the scanner. */
  plateScanned(plate: string): void;
  /** One of our entry tickets; the proxy checks its signature. */
  ticketScanned(ticket: string): void;
  /** A merchant coupon; false when the lane has no fee to apply it to. */
  couponScanned(coupon: { mchId: string; ruleId: string }): 'applied' | 'needs-fee' | 'nothing-due';
  /** Every classified scan, for the element's `lane-scan` event. */
  scanned(meaning: ScanMeaning): void;
  /** A receipt did not print, or printed with something wrong (unconfirmed, characters or a barcode missing): worth reporting to the operator. */
  printFailed(failure: { reason: string; message: string; atMs: number }): void;
  /** The barrier was opened for a car (or the attempt failed): the record for the outbox. */
  gateOpened(record: GateOpenPayload): void;
  /** Resolves once the page has given the lane its devices (or has stopped being waited for). */
  untilEquipped(): Promise<void>;
}

export class LaneHardwareController implements ReactiveController {
  /** The printer's last status; null without a printer. */
  printerStatus: PrinterStatus | null = null;
  scannerConnected = false;
  /** The gate's last status; null for a lane without a barrier or one the platform lifts. */
  gateStatus: GateStatus | null = null;
  scanNote: ScanNote | null = null;
  private printer: PrinterDriver | null = null;
  private scanner: ScannerDriver | null = null;
  private gate: LaneGate | null = null;
  private readonly onGateStatus = () => {
    this.gateStatus = this.gate?.status ?? null;
    this.host.requestUpdate();
  };
  private readonly onStatus = (event: Event) => {
    this.printerStatus = (event as CustomEvent<PrinterStatus>).detail;
    this.host.requestUpdate();
  };
  private readonly onScannerStatus = () => {
    this.scannerConnected = this.scanner?.connected ?? false;
    this.host.requestUpdate();
  };
  private readonly onScan = (event: Event) => this.route((event as CustomEvent<ScanEventDetail>).detail.text);

  /**
   * @param printing - the receipt code, not in the first screen's file: loaded after its first
   *   paint, and when a printer is connected.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly printing: LazyPart<typeof ExitPrinting>,
    private readonly lane: HardwareHost,
  ) {
    host.addController(this);
  }

  setPrinter(printer: PrinterDriver | null): void {
    if (printer === this.printer) return;
    this.printer?.removeEventListener('status', this.onStatus);
    this.printer = printer;
    // The receipt code comes with the printer, long before a car has paid.
    if (printer) void this.printing.get();
    printer?.addEventListener('status', this.onStatus);
    this.printerStatus = printer?.status ?? null;
    this.host.requestUpdate();
  }

  setScanner(scanner: ScannerDriver | null): void {
    if (scanner === this.scanner) return;
    this.scanner?.removeEventListener('scan', this.onScan);
    this.scanner?.removeEventListener('status', this.onScannerStatus);
    this.scanner = scanner;
    scanner?.addEventListener('scan', this.onScan);
    scanner?.addEventListener('status', this.onScannerStatus);
    this.onScannerStatus();
  }

  setGate(gate: LaneGate | null): void {
    if (gate === this.gate) return;
    this.gate?.removeEventListener('status', this.onGateStatus);
    this.gate = gate;
    gate?.addEventListener('status', this.onGateStatus);
    this.onGateStatus();
  }

  hostDisconnected(): void {
    this.setPrinter(null);
    this.setScanner(null);
    this.setGate(null);
  }

  /** Lifts the barrier for a decision the lane made, and hands the record on; null without a gate. */
  async openGate(opening: GateOpening): Promise<GateOpenPayload | null> {
    // A car let go by a lane that has just started (a camera read of a car with nothing to pay)
    // gets its barrier once the page has handed the gate over, and the opening is recorded.
    await this.lane.untilEquipped();
    await this.host.updateComplete;
    if (!this.gate) return null;
    const record = await openGateFor(this.gate, opening);
    this.lane.gateOpened(record);
    return record;
  }

  /** The lane moved on; an old scan's note no longer applies. */
  clearScanNote(): void {
    this.scanNote = null;
  }

  /** Prints the exit receipt; resolves either way, since a paid car must never be held by paper. */
  async printReceipt(quote: Quote, paidFen: number, channel: string): Promise<void> {
    const printer = this.printer;
    if (!printer) return;
    const printing = await this.printing.get();
    this.report(printing ? await printing.printExitReceipt(printer, this.lane.config(), quote, paidFen, channel) : this.printingMissing());
  }

  /** Prints the receipt for a bill staff settled by hand (cash, free pass or IOU); resolves either way. */
  async printStaffRelease(bill: OfflineBillPayload): Promise<void> {
    const printer = this.printer;
    if (!printer) return;
    const printing = await this.printing.get();
    this.report(printing ? await printing.printStaffReleaseReceipt(printer, this.lane.config(), bill) : this.printingMissing());
  }

  /** Prints the last receipt again, marked as a copy (the remote attendant's reprint); resolves either way, true once printed. */
  async reprintLast(): Promise<boolean> {
    const printer = this.printer;
    if (!printer) return false;
    const printing = await this.printing.get();
    const problem = printing ? await printing.reprintLastReceipt(printer) : this.printingMissing();
    this.report(problem);
    return problem === null;
  }

  private printingMissing(): ExitPrinting.ReceiptProblem {
    return { reason: 'code-not-loaded', message: `the kiosk could not load its receipt code (${this.printing.lastError?.message ?? 'unknown'}); nothing was printed` };
  }

  private report(problem: ExitPrinting.ReceiptProblem | null): void {
    if (problem) this.lane.printFailed({ ...problem, atMs: Date.now() });
  }

  private route(text: string): void {
    const meaning = classifyScan(text, { couponHosts: this.lane.config()?.couponHosts ?? [] });
    this.lane.scanned(meaning);
    this.scanNote = null;
    switch (meaning.kind) {
      case 'plate':
        this.lane.plateScanned(meaning.plate);
        break;
      case 'ticket':
        this.lane.ticketScanned(meaning.payload);
        break;
      case 'coupon': {
        const coupon = this.lane.couponScanned({ mchId: meaning.mchId, ruleId: meaning.ruleId });
        if (coupon !== 'applied') this.scanNote = coupon === 'nothing-due' ? 'coupon-nothing-due' : 'coupon-needs-fee';
        break;
      }
      case 'payment-code':
        this.scanNote = 'payment-code';
        break;
      case 'refused':
        this.scanNote = meaning.reason;
        break;
      case 'unknown':
        this.scanNote = 'unknown';
        break;
    }
    this.host.requestUpdate();
  }
}
