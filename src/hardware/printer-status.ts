/**
 * Decodes what a printer sends back: 4-byte automatic status back (ASB) packets and 1-byte
 * DLE EOT answers, which arrive interleaved on the same line. Pure, so every bit is unit-tested.
 */

export interface PrinterStatus {
  /** The cable is in and the port open. */
  connected: boolean;
  online: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  /** An autocutter, mechanical or unrecoverable error. */
  error: boolean;
  /** Head too hot or supply voltage out of range: the printer waits and recovers by itself (ASB byte 2 bit 6). */
  recoverableError: boolean;
  /** The printer stopped taking bytes or answering status requests (jammed, hung): set by the driver, not the printer. */
  stalled: boolean;
}

export const UNKNOWN_STATUS: PrinterStatus = {
  connected: false,
  online: false,
  coverOpen: false,
  paperEnd: false,
  paperNearEnd: false,
  error: false,
  recoverableError: false,
  stalled: false,
};

export type AsbStatus = Omit<PrinterStatus, 'connected' | 'stalled'>;

export type StatusMessage = { kind: 'asb'; status: AsbStatus } | { kind: 'realtime'; value: number };

/** Flow control a printer may send at any moment, even between the bytes of an ASB packet. */
const XON = 0x11;
const XOFF = 0x13;

/** ASB first byte: bits 0, 1 and 7 clear, bit 4 set. DLE EOT answer: bits 1 and 4 set, 0 and 7 clear. */
const isAsbStart = (b: number) => (b & 0x93) === 0x10;
const isRealtime = (b: number) => (b & 0x93) === 0x12;
/** ASB bytes 2–4: bits 4 and 7 clear. A byte breaking this ends a false start, not a packet. */
const isAsbBody = (b: number) => (b & 0x90) === 0;

export class StatusReader {
  private pending: number[] = [];

  /**
   * Feeds bytes from the printer; returns complete messages. XON/XOFF are ignored wherever they
   * fall. A would-be packet whose later bytes break the fixed bits was a stray byte: it is dropped
   * and the breaking byte is read afresh, so a status never comes from noise.
   */
  push(bytes: Uint8Array): StatusMessage[] {
    const messages: StatusMessage[] = [];
    for (const byte of bytes) {
      if (byte === XON || byte === XOFF) continue;
      if (this.pending.length > 0) {
        if (isAsbBody(byte)) {
          this.pending.push(byte);
          if (this.pending.length === 4) {
            messages.push({ kind: 'asb', status: decodeAsb(this.pending) });
            this.pending = [];
          }
          continue;
        }
        this.pending = [];
      }
      if (isAsbStart(byte)) this.pending.push(byte);
      else if (isRealtime(byte)) messages.push({ kind: 'realtime', value: byte });
    }
    return messages;
  }
}

export function decodeAsb([b1, b2, b3]: number[]): AsbStatus {
  return {
    online: (b1! & 0x08) === 0,
    coverOpen: (b1! & 0x20) !== 0,
    paperEnd: (b3! & 0x0c) !== 0,
    paperNearEnd: (b3! & 0x03) !== 0,
    error: (b2! & 0x2c) !== 0,
    recoverableError: (b2! & 0x40) !== 0,
  };
}

/** Folds one DLE EOT n answer into a status. */
export function applyRealtime(status: PrinterStatus, n: number, value: number): PrinterStatus {
  switch (n) {
    case 1:
      return { ...status, online: (value & 0x08) === 0 };
    case 2:
      return { ...status, coverOpen: (value & 0x04) !== 0, paperEnd: (value & 0x20) !== 0 || status.paperEnd, error: (value & 0x40) !== 0 };
    case 3:
      return { ...status, error: (value & 0x2c) !== 0, recoverableError: (value & 0x40) !== 0 };
    case 4:
      return { ...status, paperNearEnd: (value & 0x0c) !== 0, paperEnd: (value & 0x60) !== 0 };
    default:
      return status;
  }
}
