/**
 * The strings several lane elements show, one table per locale (the fee and pay-QR strings come in from
 * fee-messages.ts, the kiosk app's from shell-messages.ts; an element's own strings are in its folder).
 * zh-CN is the default; en is for visitors and staff.
 */
import type { LaneError } from '../../core/lane-machine.js';
import { feeEn, feeZhCN, type Locale } from './fee-messages.js';
import { shellEn, shellZhCN } from './shell-messages.js';

export { money, type Locale } from './fee-messages.js';

const zhCN = {
  ...feeZhCN,
  shell: shellZhCN,
  enterPlate: '请输入车牌号',
  entryTime: '入场时间',
  payable: '应付',
  discount: '优惠',
  paid: '已付',
  payNow: (amount: string) => `扫码支付 ${amount}`,
  leave: '确认离场',
  noEntryHint: '请核对车牌，或呼叫工作人员协助。',
  farewell: '一路顺风',
  back: '返回',
  retry: '重试',
  callStaff: '呼叫工作人员',
  staffCalled: '已通知工作人员，请稍候',
  staffByPhone: (phone: string) => `请拨打 ${phone} 联系工作人员`,
  staffOffline: '网络中断，暂时无法呼叫工作人员',
  staffOfflineByPhone: (phone: string) => `网络中断，请拨打 ${phone} 联系工作人员`,
  staffNotReachable: '本车道暂时无法呼叫工作人员',
  gateFailed: '道闸未能打开，请呼叫工作人员',
  welcome: '欢迎光临',
  streamOffline: '实时通知已断开，正在重连',
  printer: {
    'paper-out': '打印机缺纸，请联系工作人员',
    'cover-open': '打印机舱盖未关',
    stalled: '打印机无响应（卡纸或死机），请联系工作人员',
    fault: '打印机故障（切刀或机械），请联系工作人员',
    recovering: '打印机过热或电压异常，稍后自动恢复',
    offline: '打印机离线',
    disconnected: '打印机未连接',
    'paper-low': '打印纸即将用完',
  },
  scanNote: {
    'coupon-needs-fee': '请先查询停车费，再扫描优惠券',
    'coupon-nothing-due': '无需缴费，优惠券未使用',
    'payment-code': '本车道不收付款码：缴费时请用手机扫描屏幕上的支付二维码',
    'coupon-host': '此优惠券不是本停车场合作商户发放的，无法使用',
    unknown: '无法识别此条码',
  },
  /** The error screen's words by kind, below its title. */
  errors: {
    'invalid-plate': '车牌号格式不正确，请重新输入。',
    network: '网络连接中断，请稍后重试或呼叫工作人员。',
    timeout: '收费平台响应超时，请重试。',
    upstream: '收费平台暂时不可用，请重试或呼叫工作人员。',
    rejected: '请求被拒绝，请呼叫工作人员。',
  },
  /** Titles of the error screen by kind; proxy codes with their own words (errorCodes) bring their own. */
  errorTitles: {
    'invalid-plate': '请核对车牌号',
    network: '暂时无法查询',
    timeout: '暂时无法查询',
    upstream: '暂时无法查询',
    rejected: '无法办理',
  },
  /** Proxy error codes worth their own words; others fall back to the error kind (errorWords). */
  errorCodes: {
    'forged-ticket': { title: '入场凭证无效', text: '这张凭证不是本停车场签发的，或已被改动，不能用于出场。请呼叫工作人员核对。' },
    'invalid-ticket': { title: '无法识别入场凭证', text: '请将凭证上的二维码对准扫码口重新扫描；仍不行请呼叫工作人员。' },
    'wrong-lot': { title: '不是本停车场的凭证', text: '该入场凭证属于其他停车场。请扫描本停车场的凭证，或呼叫工作人员。' },
    'not-supported': { title: '本车场不支持此操作', text: '请呼叫工作人员协助出场。' },
    'lane-not-mapped': { title: '本车道暂不能办理', text: '车道尚未设置完成，请呼叫工作人员协助出场。' },
    'rate-limited': { title: '请求过于频繁', text: '请稍候几秒后重试，或呼叫工作人员。' },
  } as Record<string, { title: string; text: string }>,
  /** Why a scanned coupon did not change the fee on screen; the fee is still shown and can be paid. */
  couponNotices: {
    'coupon-already-applied': '此优惠券已使用过，优惠已计入下方费用。',
    'coupon-refused': '此优惠券无法使用，可直接缴费或呼叫工作人员。',
    'nothing-to-pay': '无需缴费，优惠券未使用。',
  } as Record<string, string>,
  couponNotUsed: '优惠券未能使用，可直接缴费或呼叫工作人员。',
  ticket: {
    checking: '正在核验入场凭证…',
    label: '入场凭证',
    waits: {
      capture: '正在识别您的车辆，请将车停在道闸前',
      staff: '工作人员正在核对您的入场记录，请稍候',
      confirming: '收费平台正在确认，请稍候',
    },
    attempt: (n: number, max: number) => `第 ${n} 次查询，共 ${max} 次`,
  },
  quoteExpires: (time: string) => `费用 ${time} 后重新计算`,
  couponApplied: '已使用优惠券',
  idle: {
    freeSpaces: (n: number) => `空余车位 ${n}`,
    laneQr: '无牌车请扫码出场',
    scanHint: '也可扫描入场凭证或商户优惠券',
    cameraPlate: (plate: string) => `摄像头识别车牌 ${plate}，请核对后按确定，有误请修改`,
  },
  voice: {
    due: (yuan: string) => `请缴费 ${yuan} 元`,
    paid: '支付成功',
    farewell: '一路顺风',
    noEntry: '未找到入场记录，请呼叫工作人员',
    on: '语音播报已开启',
    toggle: '语音播报',
  },
  otherLocale: 'English',
  offlineMode: '离线模式：收费平台暂不可达，车辆可由工作人员放行',
  deadLetters: (n: number) => `${n} 条记录被平台拒绝，请工作人员处理`,
  deadline: { 'due-soon': '昨日数据须在 01:00 前上传完毕，请检查网络', overdue: '昨日数据已超过 01:00 上报期限，请联系管理员' },
  storageError: '本机存储已满或出错，记录可能无法保存，请联系管理员',
  staffExit: '工作人员放行',
  staff: {
    enterPin: '请输入工作人员密码',
    wrongPin: '密码错误',
    unlock: '确认',
    clear: '清除',
    entryTime: '入场时间',
    vehicle: '车型',
    small: '小型车',
    large: '大型车',
    estimate: '估算费用',
    settlement: '放行方式',
    cash: '现金收费',
    free: '免费放行',
    iou: '欠费登记',
    amount: '实收金额（元）',
    reason: '免费原因',
    phone: '车主手机号',
    staffId: '工号',
    release: '确认放行',
    cancel: '取消',
    badAmount: '请输入正确的金额',
    needReason: '请填写免费原因',
    badPhone: '请输入 11 位手机号',
    notStored: '记录保存失败，请勿放行并联系管理员',
    needEntry: '请输入入场时间（日期与时:分）',
    futureEntry: '入场时间晚于现在，请核对',
    entryClock: '入场时刻（时:分）',
    day: '入场日期',
    today: '今天',
    yesterday: '昨天',
    earlierDay: '前一天',
    laterDay: '后一天',
    reasons: ['消防车', '救护车', '警车', '内部车辆', '设备故障', '投诉处理'],
  },
  keyboard: {
    label: '车牌键盘',
    confirm: '确定',
    delete: '删除',
    clear: '清空',
    newEnergy: '新能源',
    ordinary: '普通车牌',
    provinces: '省份',
    letters: 'ABC',
    cell: (n: number, char: string) => `第 ${n} 位${char ? `：${char}` : '，空'}`,
    complete: (plate: string) => `车牌 ${plate} 已输入完整`,
    incomplete: (n: number) => `还需输入 ${n} 位`,
    notValid: '车牌号格式不正确',
  },
};

type Messages = typeof zhCN;

const en: Messages = {
  ...feeEn,
  shell: shellEn,
  enterPlate: 'Enter your plate number',
  entryTime: 'Entered',
  payable: 'Fee',
  discount: 'Discount',
  paid: 'Paid',
  payNow: (amount) => `Pay ${amount} by QR`,
  leave: 'Exit now',
  noEntryHint: 'Check the plate, or call staff for help.',
  farewell: 'Have a safe trip',
  back: 'Back',
  retry: 'Try again',
  callStaff: 'Call staff',
  staffCalled: 'Staff have been called, please wait',
  staffByPhone: (phone) => `Please call ${phone} for staff`,
  staffOffline: 'The network is down: staff cannot be called from here now',
  staffOfflineByPhone: (phone) => `The network is down: please call ${phone} for staff`,
  staffNotReachable: 'Staff cannot be called from this lane now',
  gateFailed: 'The barrier did not open; please call staff',
  welcome: 'Welcome',
  streamOffline: 'Live updates lost, reconnecting',
  printer: {
    'paper-out': 'The printer is out of paper; please call staff',
    'cover-open': 'The printer cover is open',
    stalled: 'The printer does not respond (paper jam or hung); please call staff',
    fault: 'Printer fault (cutter or mechanism); please call staff',
    recovering: 'The printer is too hot or its power is off; it recovers by itself shortly',
    offline: 'The printer is offline',
    disconnected: 'The printer is not connected',
    'paper-low': 'Receipt paper is running low',
  },
  scanNote: {
    'coupon-needs-fee': 'Look up your fee first, then scan the coupon',
    'coupon-nothing-due': 'Nothing to pay: the coupon was not used',
    'payment-code': 'This lane does not take payment codes: to pay, scan the pay QR on this screen with your phone',
    'coupon-host': "This coupon is not from one of this car park's merchants and cannot be used",
    unknown: 'This code is not recognised',
  },
  errors: {
    'invalid-plate': 'That plate number is not valid. Please re-enter it.',
    network: 'The network is down. Try again shortly or call staff.',
    timeout: 'The parking platform did not answer in time. Please try again.',
    upstream: 'The parking platform is unavailable. Try again or call staff.',
    rejected: 'The request was refused. Please call staff.',
  },
  errorTitles: {
    'invalid-plate': 'Check the plate number',
    network: 'Cannot get the fee right now',
    timeout: 'Cannot get the fee right now',
    upstream: 'Cannot get the fee right now',
    rejected: 'This cannot be done here',
  },
  errorCodes: {
    'forged-ticket': { title: 'This ticket is not valid', text: 'It was not issued by this car park, or it has been altered, so it cannot be used to exit. Please call staff.' },
    'invalid-ticket': { title: 'Ticket not readable', text: 'Hold the QR code on your ticket to the scanner again; if that fails, call staff.' },
    'wrong-lot': { title: 'Ticket from another car park', text: 'Scan the ticket from this car park, or call staff.' },
    'not-supported': { title: 'Not offered at this car park', text: 'Please call staff to help you exit.' },
    'lane-not-mapped': { title: 'This lane is not ready', text: 'The lane is not fully set up; please call staff to help you exit.' },
    'rate-limited': { title: 'Too many requests', text: 'Wait a few seconds and try again, or call staff.' },
  },
  couponNotices: {
    'coupon-already-applied': 'This coupon was already used; its discount is in the fee below.',
    'coupon-refused': 'This coupon cannot be used; pay the fee or call staff.',
    'nothing-to-pay': 'Nothing to pay: the coupon was not used.',
  },
  couponNotUsed: 'The coupon could not be used; pay the fee or call staff.',
  ticket: {
    checking: 'Checking your ticket…',
    label: 'Ticket',
    waits: {
      capture: 'Recognising your car; please stop at the barrier',
      staff: 'Staff are matching your entry record; please wait',
      confirming: 'The parking platform is confirming; please wait',
    },
    attempt: (n, max) => `Attempt ${n} of ${max}`,
  },
  quoteExpires: (time) => `Fee recalculated in ${time}`,
  couponApplied: 'Coupon applied',
  idle: {
    freeSpaces: (n) => `${n} spaces free`,
    laneQr: 'No plate? Scan to exit',
    scanHint: 'You can also scan your ticket or a merchant coupon',
    cameraPlate: (plate) => `The camera read ${plate}: check it and press OK, or correct it`,
  },
  voice: {
    due: (yuan) => `Please pay ${yuan} yuan`,
    paid: 'Payment received',
    farewell: 'Have a safe trip',
    noEntry: 'No entry record found; please call staff',
    on: 'Voice on',
    toggle: 'Voice announcements',
  },
  otherLocale: '中文',
  offlineMode: 'Offline: the parking platform cannot be reached; staff can release cars',
  deadLetters: (n) => `${n} records refused by the platform; staff action needed`,
  deadline: { 'due-soon': "Yesterday's data must be uploaded by 01:00; check the network", overdue: "Yesterday's data missed the 01:00 deadline; call the administrator" },
  storageError: 'Local storage is full or failing; records may not be saved; call the administrator',
  staffExit: 'Staff release',
  staff: {
    enterPin: 'Staff PIN',
    wrongPin: 'Wrong PIN',
    unlock: 'OK',
    clear: 'Clear',
    entryTime: 'Entry time',
    vehicle: 'Vehicle',
    small: 'Small',
    large: 'Large',
    estimate: 'Estimated fee',
    settlement: 'Release as',
    cash: 'Cash paid',
    free: 'Free pass',
    iou: 'IOU',
    amount: 'Cash received (yuan)',
    reason: 'Reason for free pass',
    phone: 'Driver phone number',
    staffId: 'Staff ID',
    release: 'Release car',
    cancel: 'Cancel',
    badAmount: 'Enter a valid amount',
    needReason: 'Give a reason for the free pass',
    badPhone: 'Enter an 11-digit mobile number',
    notStored: 'The record could not be saved; do not release, call the administrator',
    needEntry: 'Enter the entry time (day and HH:MM)',
    futureEntry: 'The entry time is later than now; check it',
    entryClock: 'Entry clock time (HH:MM)',
    day: 'Entry day',
    today: 'Today',
    yesterday: 'Yesterday',
    earlierDay: 'Day before',
    laterDay: 'Day after',
    reasons: ['Fire engine', 'Ambulance', 'Police car', 'Staff car', 'Equipment fault', 'Complaint settled'],
  },
  keyboard: {
    label: 'Plate keyboard',
    confirm: 'OK',
    delete: 'Delete',
    clear: 'Clear',
    newEnergy: 'New energy',
    ordinary: 'Ordinary plate',
    provinces: 'Province',
    letters: 'ABC',
    cell: (n, char) => `Character ${n}${char ? `: ${char}` : ', empty'}`,
    complete: (plate) => `Plate ${plate} complete`,
    incomplete: (n) => `${n} more to enter`,
    notValid: 'That is not a valid plate',
  },
};

const tables: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function messages(locale: Locale): Messages {
  return tables[locale] ?? zhCN;
}

/**
 * What the driver reads about a lane error, title and text with the next action: the proxy code's
 * own words where it has them, else the kind's. Never the code itself: that is for staff and logs.
 */
export function errorWords(locale: Locale, error: LaneError): { title: string; text: string } {
  const t = messages(locale);
  return t.errorCodes[error.code] ?? { title: t.errorTitles[error.kind], text: t.errors[error.kind] };
}

/** Why a coupon left the fee as it was (a quoted state's `notice`). */
export function couponNotice(locale: Locale, code: string): string {
  const t = messages(locale);
  return t.couponNotices[code] ?? t.couponNotUsed;
}
