/** The entry kiosk's own strings, one table per locale; the strings the lanes share are in shared/messages.ts. */
import type { LaneError, LaneErrorKind } from '../../core/lane-machine.js';
import type { Locale } from '../shared/fee-messages.js';

interface Words {
  title: string;
  text: string;
}

const zhCN = {
  press: '按此取票',
  pressHint: '无牌车或未识别车牌的车辆请按键取票',
  offline: '离线：暂时无法出票，请呼叫工作人员',
  /** The idle screen while the proxy cannot be reached: no ticket can be issued, only staff can let the car in. */
  offlineIdle: { title: '暂时无法出票', text: '系统连接中断，请按下方按钮呼叫工作人员，工作人员将为您开闸入场。' },
  plateSeen: (plate: string) => `车牌 ${plate}`,
  cameraPlate: '摄像头识别的车牌如上，无误请按键取票',
  checking: '正在确认车位…',
  issuing: '正在出票…',
  take: '请取票入场',
  reasons: { space: '欢迎光临', reservation: '预约车辆，欢迎光临', stagger: '错峰停车车辆，欢迎光临' },
  barrierOpens: '取票后道闸开启',
  keepTicket: '请保管好停车票，出场时凭票缴费',
  ticketNo: (no: string) => `票号 ${no}`,
  /** The platform's credential for a car without a plate: what the exit finds the car by, small and labelled. */
  credential: (ref: string) => `无牌车凭证 ${ref}`,
  notPrintedTitle: '请拍下二维码入场',
  notPrinted: '出票失败：请用手机拍下此二维码，出场时扫码',
  full: '车位已满',
  fullHint: '暂无空余车位，请稍后再来。预约或错峰停车车辆请呼叫工作人员。',
  /** The idle screen of a full lot when the camera read the car's plate: a reservation or stagger agreement still admits it. */
  fullPlateHint: '预约或错峰停车车辆，请核对车牌后按键取票',
  voiceTake: '请取票入场',
  /** The error screen after a driver asked for a ticket, by the error's kind; codes with their own words below. */
  errorTitles: { 'invalid-plate': '无法识别车牌', network: '暂时无法出票', timeout: '暂时无法出票', upstream: '暂时无法出票', rejected: '无法出票' },
  errors: {
    'invalid-plate': '请按键重新取票；仍不行请呼叫工作人员。',
    network: '无法连接停车系统。请稍后重试，或呼叫工作人员为您开闸。',
    timeout: '停车平台响应超时。请重试，或呼叫工作人员为您开闸。',
    upstream: '停车平台暂时不可用。请重试，或呼叫工作人员为您开闸。',
    rejected: '停车平台拒绝出票。请呼叫工作人员为您开闸。',
  } as Record<LaneErrorKind, string>,
  errorCodes: {
    'rate-limited': { title: '请求过于频繁', text: '请稍候几秒后重试，或呼叫工作人员。' },
    'lane-not-mapped': { title: '本车道暂不能出票', text: '车道尚未设置完成，请呼叫工作人员协助入场。' },
    'not-supported': { title: '本车场不支持此操作', text: '请呼叫工作人员协助入场。' },
  } as Record<string, Words>,
};

const en: typeof zhCN = {
  press: 'Press for a ticket',
  pressHint: 'No plate, or the camera missed it? Press for a ticket',
  offline: 'Offline: no ticket can be issued right now; please call staff',
  offlineIdle: { title: 'No tickets right now', text: 'The lane has lost its connection. Press the button below to call staff; they will open the barrier for you.' },
  plateSeen: (plate) => `Plate ${plate}`,
  cameraPlate: 'The camera read the plate above; if it is right, press for your ticket',
  checking: 'Checking for a space…',
  issuing: 'Printing your ticket…',
  take: 'Take your ticket and drive in',
  reasons: { space: 'Welcome', reservation: 'Reservation found, welcome', stagger: 'Off-peak agreement found, welcome' },
  barrierOpens: 'The barrier opens once you have your ticket',
  keepTicket: 'Keep your ticket: you pay with it at the exit',
  ticketNo: (no) => `Ticket ${no}`,
  credential: (ref) => `No-plate pass ${ref}`,
  notPrintedTitle: 'Photograph the code and drive in',
  notPrinted: 'The ticket did not print: photograph this code and scan it at the exit',
  full: 'Car park full',
  fullHint: 'No spaces free; please come back later. Reservation or off-peak holders, call staff.',
  fullPlateHint: 'Reservation or off-peak holders: check your plate and press for a ticket',
  voiceTake: 'Please take your ticket',
  errorTitles: { 'invalid-plate': 'Plate not recognised', network: 'No ticket right now', timeout: 'No ticket right now', upstream: 'No ticket right now', rejected: 'No ticket issued' },
  errors: {
    'invalid-plate': 'Press for a ticket again; if that fails, call staff.',
    network: 'The lane cannot reach the parking system. Try again shortly, or call staff to open the barrier.',
    timeout: 'The parking platform did not answer in time. Try again, or call staff to open the barrier.',
    upstream: 'The parking platform is unavailable. Try again, or call staff to open the barrier.',
    rejected: 'The parking platform refused the ticket. Please call staff to open the barrier.',
  },
  errorCodes: {
    'rate-limited': { title: 'Too many requests', text: 'Wait a few seconds and try again, or call staff.' },
    'lane-not-mapped': { title: 'This lane cannot issue tickets yet', text: 'The lane is not fully set up; please call staff to let you in.' },
    'not-supported': { title: 'Not available at this car park', text: 'Please call staff to let you in.' },
  },
};

const tables: Record<Locale, typeof zhCN> = { 'zh-CN': zhCN, en };

export function entryMessages(locale: Locale): typeof zhCN {
  return tables[locale] ?? zhCN;
}

/**
 * What a driver who asked for a ticket reads about a failure: an entry's words (no ticket, and how to
 * get in), never the exit's 暂时无法查询 nor the code itself.
 */
export function entryErrorWords(locale: Locale, error: LaneError): Words {
  const e = entryMessages(locale);
  return e.errorCodes[error.code] ?? { title: e.errorTitles[error.kind], text: e.errors[error.kind] };
}
