/**
 * The strings of the fee lookup and the pay QR, one table per locale. The partner widget loads
 * only these; the kiosk's full table (messages.ts) includes them, so no string exists twice.
 */
import { formatYuan, type Fen } from '../../core/money.js';
import { splitMinutes } from '../../core/time.js';

export type Locale = 'zh-CN' | 'en';

export const feeZhCN = {
  plateLabel: '车牌号',
  platePlaceholder: '例如 沪A12345',
  query: '查询费用',
  querying: (plate: string) => `正在查询 ${plate} 的停车费…`,
  duration: '停车时长',
  due: '需支付',
  nothingToPay: '无需缴费',
  noEntryRecord: '未找到入场记录',
  checkPlate: '请核对车牌后重新查询',
  scanToPay: '请用手机扫码支付',
  expiresIn: (time: string) => `二维码 ${time} 后刷新`,
  paySuccess: '支付成功',
  minutes: (minutes: number) => {
    const p = splitMinutes(minutes);
    return `${p.days ? `${p.days}天` : ''}${p.hours ? `${p.hours}小时` : ''}${p.minutes}分钟`;
  },
  widgetTitle: '停车缴费',
  widgetHint: '离场前在线缴费，出口自动抬杆',
  payLink: '去支付',
};

export type FeeMessages = typeof feeZhCN;

export const feeEn: FeeMessages = {
  plateLabel: 'Plate number',
  platePlaceholder: 'e.g. 沪A12345',
  query: 'Check fee',
  querying: (plate) => `Looking up the fee for ${plate}…`,
  duration: 'Duration',
  due: 'To pay',
  nothingToPay: 'Nothing to pay',
  noEntryRecord: 'No entry record found',
  checkPlate: 'Check the plate and search again',
  scanToPay: 'Scan with your phone to pay',
  expiresIn: (time) => `QR refreshes in ${time}`,
  paySuccess: 'Payment received',
  minutes: (minutes) => {
    const p = splitMinutes(minutes);
    return `${p.days ? `${p.days} d ` : ''}${p.hours ? `${p.hours} h ` : ''}${p.minutes} min`;
  },
  widgetTitle: 'Pay for parking',
  widgetHint: 'Pay before you drive out; the exit gate opens by itself',
  payLink: 'Pay now',
};

const tables: Record<Locale, FeeMessages> = { 'zh-CN': feeZhCN, en: feeEn };

export function feeMessages(locale: Locale): FeeMessages {
  return tables[locale] ?? feeZhCN;
}

/** Amounts on screen use the half-width ¥ the fonts render well. */
export function money(fen: Fen): string {
  return formatYuan(fen);
}
