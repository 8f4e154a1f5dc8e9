/**
 * The exit lane's receipts: composed for the lane's printer, printed, and what went wrong said in
 * one record for the operator. Loaded by the hardware controller when a printer is connected, so
 * the ESC/POS code never weighs on the first screen.
 */
import type { LaneConfig, Quote } from '../../core/quote.js';
import type { OfflineBillPayload } from '../../core/lane-events.js';
import { PrintError, printIssue, type PrintReport, type PrinterDriver } from '../../hardware/printer-driver.js';
import { exitReceipt, staffReleaseReceipt } from '../../hardware/receipts.js';

/** A receipt that did not print, or printed with something missing: worth reporting to the operator. */
export interface ReceiptProblem {
  reason: string;
  message: string;
}

/** Prints a paid car's receipt; resolves either way, with the problem if there was one. */
export function printExitReceipt(printer: PrinterDriver, config: LaneConfig | null, quote: Quote, paidFen: number, channel: string): Promise<ReceiptProblem | null> {
  const blocks = exitReceipt(
    {
      lotName: config?.lot.name ?? quote.lotId,
      laneName: config?.laneName ?? quote.laneId,
      plate: quote.plate,
      enteredAtMs: quote.enteredAt ? Date.parse(quote.enteredAt) : null,
      exitAtMs: Date.now(),
      minutes: quote.minutes,
      payableFen: quote.payableFen,
      discountFen: quote.discountFen,
      paidBeforeFen: quote.paidFen,
      amountFen: paidFen,
      channel,
      orderId: quote.quoteId,
    },
    printer.profile,
  );
  return printReporting(() => printer.print(blocks));
}

/** Prints the receipt for a bill staff settled by hand (cash, free pass or IOU); resolves either way. */
export function printStaffReleaseReceipt(printer: PrinterDriver, config: LaneConfig | null, bill: OfflineBillPayload): Promise<ReceiptProblem | null> {
  const lane = { lotName: config?.lot.name ?? '', laneName: config?.laneName ?? '' };
  const blocks = staffReleaseReceipt(bill, lane, printer.profile);
  return printReporting(() => printer.print(blocks));
}

/** Prints the last receipt again, headed as a copy (a remote attendant's reprint); resolves either way. */
export function reprintLastReceipt(printer: PrinterDriver): Promise<ReceiptProblem | null> {
  return printReporting(() => printer.reprintLast());
}

async function printReporting(job: () => Promise<PrintReport>): Promise<ReceiptProblem | null> {
  try {
    return printIssue(await job());
  } catch (error) {
    // The status event already tells staff what is wrong; "reprint last" is theirs to use.
    return { reason: error instanceof PrintError ? error.reason : 'unknown', message: (error as Error).message };
  }
}
