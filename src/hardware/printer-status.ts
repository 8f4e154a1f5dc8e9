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
  /** An autocutter or unrecoverable error. */
  error: boolean;
}

export const UNKNOWN_STATUS: PrinterStatus = { connected: false, online: false, coverOpen: false, paperEnd: false, paperNearEnd: false, error: false };

export type StatusMessage =
  | { kind: 'asb'; status: Omit<PrinterStatus, 'connected'> }
  | { kind: 'realtime'; value: number };

/** ASB first byte: 0b0xx1xx00. DLE EOT answer: 0b0xx1xx10. */
const isAsbStart = (b: number) => (b & 0x93) === 0x10;
const isRealtime = (b: number) => (b & 0x93) === 0x12;

export class StatusReader {
  private pending: number[] = [];

  /** Feeds bytes from the printer; returns complete messages. Bytes that fit neither form are skipped. */
  push(bytes: Uint8Array): StatusMessage[] {
    const messages: StatusMessage[] = [];
    for (const byte of bytes) {
      if (this.pending.length > 0) {
        this.pending.push(byte);
        if (this.pending.length === 4) {
          messages.push({ kind: 'asb', status: decodeAsb(this.pending) });
          this.pending = [];
        }
      } else if (isAsbStart(byte)) {
        this.pending.push(byte);
      } else if (isRealtime(byte)) {
        messages.push({ kind: 'realtime', value: byte });
      }
    }
    return messages;
  }
}

export function decodeAsb([b1, b2, b3]: number[]): Omit<PrinterStatus, 'connected'> {
  const coverOpen = (b1! & 0x20) !== 0;
  const paperEnd = (b3! & 0x0c) !== 0;
  return {
    online: (b1! & 0x08) === 0,
    coverOpen,
    paperEnd,
    paperNearEnd: (b3! & 0x03) !== 0,
    error: (b2! & 0x2c) !== 0,
  };
}

/** Folds one DLE EOT n answer into a status. */
export function applyRealtime(status: PrinterStatus, n: number, value: number): PrinterStatus {
  switch (n) {
    case 1:
      return { ...status, online: (value & 0x08) === 0 };
    case 2:
      return { ...status, coverOpen: (value & 0x04) !== 0, paperEnd: (value & 0x20) !== 0 || status.paperEnd, error: (value & 0x40) !== 0 };
    case 4:
      return { ...status, paperNearEnd: (value & 0x0c) !== 0, paperEnd: (value & 0x60) !== 0 };
    default:
      return status;
  }
}
