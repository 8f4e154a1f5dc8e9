/**
 * The two pieces of paper a lane prints: the exit receipt and the entry ticket. Pure functions from
 * data to a Document, laid out for the profile's paper width: a label/value row that does not fit
 * puts its value on the next lines, and the encoder wraps every other line to the paper.
 */
import { formatYuan, type Fen } from '../core/money.js';
import type { OfflineBillPayload } from '../core/lane-events.js';
import { formatBeijing, minutesBetween, splitMinutes } from '../core/time.js';
import { barcode, cut, feed, line, qr, type Block } from './escpos/document.js';
import { divider, labelValueLines } from './escpos/layout.js';
import type { PrinterProfile } from './escpos/profiles.js';

export interface ExitReceiptData {
  lotName: string;
  laneName: string;
  plate: string;
  enteredAtMs: number | null;
  exitAtMs: number;
  minutes: number;
  payableFen: Fen;
  discountFen: Fen;
  /** Paid before this exit (e.g. on a phone earlier). */
  paidBeforeFen: Fen;
  /** Collected at this exit. */
  amountFen: Fen;
  channel: string;
  /** The paid quote's id; empty for a bill settled by staff, which has none. */
  orderId: string;
  /** E-invoice or receipt link; printed as a QR when given. */
  receiptUrl?: string | null;
}

export interface EntryTicketData {
  lotName: string;
  laneName: string;
  ticketNo: string;
  enteredAtMs: number;
  /** The proxy-signed payload the exit verifies; forged tickets fail there. */
  qrPayload: string;
}

const CHANNEL_NAMES: Record<string, string> = {
  wechat: '微信支付',
  alipay: '支付宝',
  unionpay: '银联',
  cash: '现金',
  etc: 'ETC',
  'demo-pay': '模拟支付',
  // Bills settled by staff at the lane (OfflineBillPayload.settlement).
  'staff-cash': '现金（人工收费）',
  'staff-free': '人工免费放行',
  'staff-iou': '欠费登记（人工放行）',
};

/** Full-width ￥ (GB A3A4) prints on every Chinese font; U+00A5 needs four bytes and is often missing. */
const money = (fen: Fen) => formatYuan(fen, { symbol: '￥' });

export function durationText(minutes: number): string {
  const p = splitMinutes(minutes);
  return `${p.days ? `${p.days}天` : ''}${p.hours ? `${p.hours}小时` : ''}${p.minutes}分钟`;
}

/** A label/value row as one or more lines of the paper's width. */
const rows = (profile: PrinterProfile) => (label: string, value: string, style: { bold?: boolean } = {}): Block[] =>
  labelValueLines(label, value, profile.columns).map((text) => line(text, style));

export function exitReceipt(data: ExitReceiptData, profile: PrinterProfile): Block[] {
  const row = rows(profile);
  const blocks: Block[] = [
    line(data.lotName, { align: 'center', bold: true, height: 2 }),
    line('停车收费凭证', { align: 'center' }),
    line(divider(profile.columns)),
    ...row('车牌号', data.plate),
    ...row('出口', data.laneName),
  ];
  if (data.enteredAtMs !== null) blocks.push(...row('入场', formatBeijing(data.enteredAtMs)));
  blocks.push(
    ...row('离场', formatBeijing(data.exitAtMs)),
    ...row('时长', durationText(data.minutes)),
    ...row('应收', money(data.payableFen)),
  );
  if (data.discountFen) blocks.push(...row('优惠', `-${money(data.discountFen)}`));
  if (data.paidBeforeFen) blocks.push(...row('已付', `-${money(data.paidBeforeFen)}`));
  blocks.push(
    ...row('实收', money(data.amountFen), { bold: true }),
    ...row('支付方式', CHANNEL_NAMES[data.channel] ?? data.channel),
    ...(data.orderId ? row('单号', data.orderId) : []),
    line(divider(profile.columns)),
  );
  if (data.receiptUrl) blocks.push(qr(data.receiptUrl, { moduleSize: 4 }), line('扫码获取电子票据', { align: 'center' }));
  blocks.push(line('谢谢惠顾  一路顺风', { align: 'center' }), cut());
  return blocks;
}

/** The receipt for a car staff released by hand: the bill they settled, on the exit receipt's layout. */
export function staffReleaseReceipt(bill: OfflineBillPayload, lane: { lotName: string; laneName: string }, profile: PrinterProfile): Block[] {
  return exitReceipt(
    {
      ...lane,
      plate: bill.plate,
      enteredAtMs: bill.enteredAtMs,
      exitAtMs: bill.exitAtMs,
      minutes: minutesBetween(bill.enteredAtMs, bill.exitAtMs),
      payableFen: bill.payableFen,
      discountFen: bill.discountFen,
      paidBeforeFen: bill.paidFen,
      amountFen: bill.amountFen,
      channel: `staff-${bill.settlement}`,
      orderId: '',
    },
    profile,
  );
}

export function entryTicket(data: EntryTicketData, profile: PrinterProfile): Block[] {
  const row = rows(profile);
  return [
    line(data.lotName, { align: 'center', bold: true, height: 2 }),
    line('入场凭证', { align: 'center', bold: true }),
    line(divider(profile.columns)),
    ...row('票号', data.ticketNo),
    ...row('入口', data.laneName),
    ...row('入场', formatBeijing(data.enteredAtMs)),
    feed(1),
    qr(data.qrPayload, { moduleSize: 6, level: 'M' }),
    line('请妥善保管，出场时扫码缴费', { align: 'center' }),
    line('遗失请联系工作人员', { align: 'center' }),
    cut(),
  ];
}

/**
 * The settings page's test print for a profile: its name and paper, a column ruler at the
 * profile's width, a Chinese line, a four-byte character and a private-use one (printed, or
 * substituted as the profile says), a barcode and a QR, and the cut. Wrong columns, garbage
 * Chinese or a missing code on this page mean the wrong profile is chosen.
 */
export function profileSelfTest(profile: PrinterProfile, detail: { lane: string; atMs: number }): Block[] {
  const row = rows(profile);
  const ruler = Array.from({ length: profile.columns }, (_, i) => String((i + 1) % 10)).join('');
  return [
    line('lane-kiosk 测试打印', { align: 'center', bold: true }),
    line('打印机自检 printer self-test', { align: 'center' }),
    line(profile.name, { align: 'center' }),
    line(divider(profile.columns)),
    ...row('型号配置', profile.id),
    ...row('纸宽/列数', `${profile.paperMm}mm/${profile.columns}`),
    ...row('车道', detail.lane),
    ...row('时间', formatBeijing(detail.atMs)),
    line(ruler),
    line('沪A12345 实收 ￥15.00 谢谢惠顾 一路顺风'),
    line(`四字节 㐀 𠀀 / 私用区 \uE000`),
    line(profile.unprintable === 'raster' ? '(无法打印的字以图像打印)' : `(无法打印的字显示为 ${profile.substitute})`),
    barcode('T2026112300420042123', { height: 48 }),
    qr(`lane-kiosk self-test ${profile.id}`, { moduleSize: 4 }),
    cut(),
  ];
}
