/**
 * The status bar's own strings, one table per locale; the strings the lanes share are in shared/messages.ts.
 * The English chip words are short (OK, not Ready or Connected; Clock, not Clock skew) so the bar keeps to one row at 800 px.
 */
import type { Locale } from '../shared/fee-messages.js';

const zhCN = {
  label: '设备状态',
  network: '网络',
  outboxName: '待上传记录',
  online: '在线',
  offline: '离线',
  outbox: (n: number) => `待上传 ${n}`,
  oldest: '最早一条',
  ago: (minutes: number) => (minutes < 1 ? '不到 1 分钟前' : `${minutes} 分钟前`),
  printer: '打印机',
  printerReady: '正常',
  scanner: '扫码器',
  gate: '道闸',
  gateReady: '正常',
  gateFault: '故障',
  connected: '已连接',
  disconnected: '未连接',
  clock: '时钟偏差',
  clockChip: '时钟偏差',
  skew: (seconds: number) => (seconds === 0 ? '准确' : `${seconds > 0 ? '快' : '慢'} ${Math.abs(seconds)} 秒`),
  unknown: '未知',
  details: '详情',
  hideDetails: '收起',
};

const en: typeof zhCN = {
  label: 'Lane status',
  network: 'Network',
  outboxName: 'Outbox',
  online: 'Online',
  offline: 'Offline',
  outbox: (n) => `${n} to upload`,
  oldest: 'Oldest',
  ago: (minutes) => (minutes < 1 ? 'under a minute ago' : `${minutes} min ago`),
  printer: 'Printer',
  printerReady: 'OK',
  scanner: 'Scanner',
  gate: 'Gate',
  gateReady: 'OK',
  gateFault: 'Fault',
  connected: 'OK',
  disconnected: 'Not connected',
  clock: 'Clock skew',
  clockChip: 'Clock',
  skew: (seconds) => (seconds === 0 ? 'in sync' : `${Math.abs(seconds)} s ${seconds > 0 ? 'fast' : 'slow'}`),
  unknown: 'Unknown',
  details: 'Details',
  hideDetails: 'Hide',
};

const tables: Record<Locale, typeof zhCN> = { 'zh-CN': zhCN, en };

export function statusMessages(locale: Locale): typeof zhCN {
  return tables[locale] ?? zhCN;
}
