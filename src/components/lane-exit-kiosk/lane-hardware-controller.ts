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
import { PrintError, printIssue, type PrintReport, type PrinterDriver } from '../../hardware/printer-driver.js';
import type { PrinterStatus } from '../../hardware/printer-status.js';
import { exitReceipt, staffReleaseReceipt } from '../../hardware/receipts.js';
import type { Block } from '../../hardware/escpos/document.js';
import type { ScannerDriver, ScanEventDetail } from '../../hardware/scanner-driver.js';

/**
 * A scan the lane could not act on: a coupon with no fee on screen, a customer's payment code (the
 * lane is paid through its pay QR), a coupon link from a host the lot does not accept, or a code it
 * does not know.
 */
export type ScanNote = 'coupon-needs-fee' | 'payment-code' | 'coupon-host' | 'unknown';

export interface HardwareHost {
  config(): LaneConfig | null;
  /** A plate read by the scanner. */
  plateScanned(plate: string): void;
  /** One of our entry tickets; the proxy checks its signature. */
  ticketScanned(ticket: string): void;
  /** A merchant coupon; false when the lane has no fee to apply it to. */
  couponScanned(coupon: { mchId: string; ruleId: string }): boolean;
  /** Every classified scan, for the element's `lane-scan` event. */
  scanned(meaning: ScanMeaning): void;
  /** A receipt did not print, or printed with something wrong (unconfirmed, characters or a barcode missing): worth reporting to the operator. */
  printFailed(failure: { reason: string; message: string; atMs: number }): void;
  /** The barrier was opened for a car (or the attempt failed): the record for the outbox. */
  gateOpened(record: GateOpenPayload): void;
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

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly lane: HardwareHost,
  ) {
    host.addController(this);
  }

  setPrinter(printer: PrinterDriver | null): void {
    if (printer === this.printer) return;
    this.printer?.removeEventListener('status', this.onStatus);
    this.printer = printer;
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

  /** Lifts the barrier for a decision the lane made, and hands the record on; nothing without a gate. */
  async openGate(opening: GateOpening): Promise<void> {
    if (!this.gate) return;
    this.lane.gateOpened(await openGateFor(this.gate, opening));
  }

  /** The lane moved on; an old scan's note no longer applies. */
  clearScanNote(): void {
    this.scanNote = null;
  }

  /** Prints the exit receipt; resolves either way, since a paid car must never be held by paper. */
  async printReceipt(quote: Quote, paidFen: number, channel: string): Promise<void> {
    if (!this.printer) return;
    const config = this.lane.config();
    const exitAtMs = Date.now();
    const blocks = exitReceipt(
      {
        lotName: config?.lot.name ?? quote.lotId,
        laneName: config?.laneName ?? quote.laneId,
        plate: quote.plate,
        enteredAtMs: quote.enteredAt ? Date.parse(quote.enteredAt) : null,
        exitAtMs,
        minutes: quote.minutes,
        payableFen: quote.payableFen,
        discountFen: quote.discountFen,
        paidBeforeFen: quote.paidFen,
        amountFen: paidFen,
        channel,
        orderId: quote.quoteId,
      },
      this.printer.profile,
    );
    await this.printAndReport(blocks);
  }

  /** Prints the receipt for a bill staff settled by hand (cash, free pass or IOU); resolves either way. */
  async printStaffRelease(bill: OfflineBillPayload): Promise<void> {
    if (!this.printer) return;
    const config = this.lane.config();
    const lane = { lotName: config?.lot.name ?? '', laneName: config?.laneName ?? '' };
    await this.printAndReport(staffReleaseReceipt(bill, lane, this.printer.profile));
  }

  /** Prints the last receipt again, marked as a copy (the remote attendant's reprint); resolves either way. */
  async reprintLast(): Promise<void> {
    await this.report(this.printer?.reprintLast());
  }

  private async printAndReport(blocks: Block[]): Promise<void> {
    await this.report(this.printer?.print(blocks));
  }

  /** A job that printed with something wrong, or did not print, is reported to the operator. */
  private async report(job: Promise<PrintReport> | undefined): Promise<void> {
    await job?.then(
      (report) => {
        const issue = printIssue(report);
        if (issue) this.lane.printFailed({ ...issue, atMs: Date.now() });
      },
      (error: unknown) => {
        // The status event already tells staff what is wrong; "reprint last" is theirs to use.
        const reason = error instanceof PrintError ? error.reason : 'unknown';
        this.lane.printFailed({ reason, message: (error as Error).message, atMs: Date.now() });
      },
    );
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
      case 'coupon':
        if (!this.lane.couponScanned({ mchId: meaning.mchId, ruleId: meaning.ruleId })) this.scanNote = 'coupon-needs-fee';
        break;
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
