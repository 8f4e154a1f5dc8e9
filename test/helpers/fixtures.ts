/** Shared sample data: the "standard exit receipt" and entry ticket the tests check and the bench measures. */
import type { EntryTicketData, ExitReceiptData } from '../../src/hardware/receipts.js';
import type { Quote } from '../../src/core/quote.js';

export const STANDARD_RECEIPT: ExitReceiptData = {
  lotName: '泊云示范停车场',
  laneName: '1号出口',
  plate: '沪A12345',
  enteredAtMs: Date.UTC(2026, 10, 22, 22, 40, 7),
  exitAtMs: Date.UTC(2026, 10, 23, 0, 55, 9),
  minutes: 135,
  payableFen: 1500,
  discountFen: 0,
  paidBeforeFen: 0,
  amountFen: 1500,
  channel: 'wechat',
  orderId: 'QZkj4UHethYV965dO',
  receiptUrl: 'https://fp.example.com/e/QZkj4UHethYV965dO',
};

/** An entry ticket with a payload of the proxy's real shape and length (152 characters, a version 8 QR). */
export const STANDARD_TICKET: EntryTicketData = {
  lotName: '泊云示范停车场',
  laneName: '1号入口',
  ticketNo: 'T202611230640070042',
  enteredAtMs: Date.UTC(2026, 10, 22, 22, 40, 7),
  qrPayload: 'LKT1.eyJuIjoiVDIwMjYxMTIzMDY0MDA3MDA0MiIsImwiOiJ3ZWxpbmstZGVtbyIsImciOiJlbnRyeS0xIiwiZSI6MTc5NTM4NDQwNzAwMH0.Yx3kP0q9mZ8vT2rW5nB7cL1dF4gH6jK8sA0eU3iO9pQ',
};

/** A quote due ¥15.00 for 2 h 15 min, for the pure lane-machine and gate tests; `over` changes any field. */
export const quote = (over: Partial<Quote> = {}): Quote => ({
  quoteId: 'Q1',
  lotId: 'lot',
  laneId: 'exit-1',
  plate: '沪A12345',
  enteredAt: '2026-11-23T08:00:00+08:00',
  minutes: 135,
  payableFen: 1500,
  discountFen: 0,
  paidFen: 0,
  dueFen: 1500,
  status: 'due',
  issuedAt: '2026-11-23T10:15:00+08:00',
  expiresAt: '2026-11-23T10:20:00+08:00',
  payUrl: 'https://pay.example/Q1',
  ...over,
});
