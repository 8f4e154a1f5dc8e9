/**
 * `npm run bench -- printers`: the standard exit receipt and entry ticket for every printer
 * profile, in bytes on the wire and seconds at 9600 baud (8N1, 10 bits a byte), with the time to
 * encode each. Baseline: the entry ticket main sent to a printer without native QR before the
 * profiles, 14,947 bytes (a 6-dot raster QR with its quiet zone sent as white rows).
 */
import { encodeDocument } from '../src/hardware/escpos/encoder.js';
import { PRINTER_PROFILES } from '../src/hardware/escpos/profiles.js';
import { entryTicket, exitReceipt } from '../src/hardware/receipts.js';
import { STANDARD_RECEIPT, STANDARD_TICKET } from '../test/helpers/fixtures.js';

const BAUD = 9600;
const MAIN_RASTER_TICKET_BYTES = 14_947;
const seconds = (bytes: number) => (bytes * 10) / BAUD;

function encodeMicros(run: () => void): number {
  for (let i = 0; i < 50; i++) run();
  const rounds = 500;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) run();
  return Number(process.hrtime.bigint() - start) / 1000 / rounds;
}

export function printerProfiles(): void {
  console.log('\n## Receipt and ticket per printer profile, at 9600 baud');
  console.log(`baseline: ticket with a raster QR on main  ${String(MAIN_RASTER_TICKET_BYTES).padStart(6)} bytes  ${seconds(MAIN_RASTER_TICKET_BYTES).toFixed(2).padStart(6)} s`);
  console.log(`${'profile'.padEnd(18)} ${'QR'.padEnd(14)} ${'receipt'.padStart(14)} ${'ticket'.padStart(18)}  ticket vs baseline  encode ticket`);
  for (const profile of PRINTER_PROFILES) {
    const receipt = encodeDocument(exitReceipt(STANDARD_RECEIPT, profile), profile).bytes.length;
    const ticketBlocks = entryTicket(STANDARD_TICKET, profile);
    const ticket = encodeDocument(ticketBlocks, profile).bytes.length;
    const micros = encodeMicros(() => encodeDocument(ticketBlocks, profile));
    const qr = profile.nativeQr ? 'native' : profile.rasterScaling ? 'raster, 2×2' : 'raster';
    console.log(
      `${profile.id.padEnd(18)} ${qr.padEnd(14)} ${`${receipt} B ${seconds(receipt).toFixed(2)} s`.padStart(14)} ${`${ticket} B ${seconds(ticket).toFixed(2)} s`.padStart(18)}  ${`${(MAIN_RASTER_TICKET_BYTES / ticket).toFixed(1)}× smaller`.padStart(18)}  ${micros.toFixed(0).padStart(6)} µs`,
    );
  }
}
