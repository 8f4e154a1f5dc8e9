/** The entry kiosk's own strings, one table per locale; the strings the lanes share are in shared/messages.ts. */
import type { Locale } from '../shared/fee-messages.js';

const zhCN = {
  press: '按此取票',
  pressHint: '无牌车或未识别车牌的车辆请按键取票',
  offline: '离线：暂时无法出票，请呼叫工作人员',
  plateSeen: (plate: string) => `车牌 ${plate}`,
  cameraPlate: '摄像头识别的车牌如上，无误请按键取票',
  checking: '正在确认车位…',
  issuing: '正在出票…',
  take: '请取票入场',
  reasons: { space: '欢迎光临', reservation: '预约车辆，欢迎光临', stagger: '错峰停车车辆，欢迎光临' },
  ticketNo: (no: string) => `票号 ${no}`,
  notPrinted: '出票失败：请用手机拍下此二维码，出场时扫码',
  full: '车位已满',
  fullHint: '暂无空余车位，请稍后再来。预约或错峰停车车辆请呼叫工作人员。',
  voiceTake: '请取票入场',
};

const en: typeof zhCN = {
  press: 'Press for a ticket',
  pressHint: 'No plate, or the camera missed it? Press for a ticket',
  offline: 'Offline: no ticket can be issued right now; please call staff',
  plateSeen: (plate) => `Plate ${plate}`,
  cameraPlate: 'The camera read the plate above; if it is right, press for your ticket',
  checking: 'Checking for a space…',
  issuing: 'Printing your ticket…',
  take: 'Take your ticket and drive in',
  reasons: { space: 'Welcome', reservation: 'Reservation found, welcome', stagger: 'Off-peak agreement found, welcome' },
  ticketNo: (no) => `Ticket ${no}`,
  notPrinted: 'The ticket did not print: photograph this code and scan it at the exit',
  full: 'Car park full',
  fullHint: 'No spaces free; please come back later. Reservation or off-peak holders, call staff.',
  voiceTake: 'Please take your ticket',
};

const tables: Record<Locale, typeof zhCN> = { 'zh-CN': zhCN, en };

export function entryMessages(locale: Locale): typeof zhCN {
  return tables[locale] ?? zhCN;
}
