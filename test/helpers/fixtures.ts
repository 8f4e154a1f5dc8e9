/** Shared sample data: the "standard exit receipt" the tests check and the bench measures. */
import type { ExitReceiptData } from '../../src/hardware/receipts.js';

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
