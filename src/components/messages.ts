/** Every string the lane shows, one table per locale. zh-CN is the default; en is for visitors and staff. */
import { formatYuan, type Fen } from '../core/money.js';
import { splitMinutes } from '../core/time.js';

export type Locale = 'zh-CN' | 'en';

const zhCN = {
  enterPlate: '请输入车牌号',
  plateLabel: '车牌号',
  platePlaceholder: '例如 沪A12345',
  query: '查询费用',
  querying: (plate: string) => `正在查询 ${plate} 的停车费…`,
  entryTime: '入场时间',
  duration: '停车时长',
  payable: '应付',
  discount: '优惠',
  paid: '已付',
  due: '需支付',
  payNow: (amount: string) => `扫码支付 ${amount}`,
  nothingToPay: '无需缴费',
  leave: '确认离场',
  noEntryRecord: '未找到入场记录',
  noEntryHint: '请核对车牌，或呼叫工作人员协助。',
  scanToPay: '请用手机扫码支付',
  expiresIn: (time: string) => `二维码 ${time} 后刷新`,
  paySuccess: '支付成功',
  farewell: '一路顺风',
  back: '返回',
  retry: '重试',
  callStaff: '呼叫工作人员',
  staffCalled: '已通知工作人员，请稍候',
  errorTitle: '暂时无法查询',
  errors: {
    'invalid-plate': '车牌号格式不正确，请重新输入。',
    network: '网络连接中断，请稍后重试或呼叫工作人员。',
    timeout: '收费平台响应超时，请重试。',
    upstream: '收费平台暂时不可用，请重试或呼叫工作人员。',
    rejected: '请求被拒绝，请呼叫工作人员。',
  },
  minutes: (minutes: number) => {
    const p = splitMinutes(minutes);
    return `${p.days ? `${p.days}天` : ''}${p.hours ? `${p.hours}小时` : ''}${p.minutes}分钟`;
  },
  welcome: '欢迎光临',
  streamOffline: '实时通知已断开，正在重连',
  printer: {
    'paper-out': '打印机缺纸，请联系工作人员',
    'cover-open': '打印机舱盖未关',
    offline: '打印机离线',
    disconnected: '打印机未连接',
    'paper-low': '打印纸即将用完',
  },
  scanTicket: (ticketNo: string) => `已识别入场凭证 ${ticketNo}，凭票出场请联系工作人员`,
  scanForgedTicket: '入场凭证无效，请联系工作人员',
  scanCoupon: '已识别商户优惠券',
  scanUnknown: '无法识别此条码',
  offlineMode: '离线模式：收费平台暂不可达，车辆可由工作人员放行',
  pendingUploads: (n: number) => `待上传 ${n} 条记录`,
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
  },
  widgetTitle: '停车缴费',
  widgetHint: '离场前在线缴费，出口自动抬杆',
  payLink: '去支付',
};

type Messages = typeof zhCN;

const en: Messages = {
  enterPlate: 'Enter your plate number',
  plateLabel: 'Plate number',
  platePlaceholder: 'e.g. 沪A12345',
  query: 'Check fee',
  querying: (plate) => `Looking up the fee for ${plate}…`,
  entryTime: 'Entered',
  duration: 'Duration',
  payable: 'Fee',
  discount: 'Discount',
  paid: 'Paid',
  due: 'To pay',
  payNow: (amount) => `Pay ${amount} by QR`,
  nothingToPay: 'Nothing to pay',
  leave: 'Exit now',
  noEntryRecord: 'No entry record found',
  noEntryHint: 'Check the plate, or call staff for help.',
  scanToPay: 'Scan with your phone to pay',
  expiresIn: (time) => `QR refreshes in ${time}`,
  paySuccess: 'Payment received',
  farewell: 'Have a safe trip',
  back: 'Back',
  retry: 'Try again',
  callStaff: 'Call staff',
  staffCalled: 'Staff have been called, please wait',
  errorTitle: 'Cannot get the fee right now',
  errors: {
    'invalid-plate': 'That plate number is not valid. Please re-enter it.',
    network: 'The network is down. Try again shortly or call staff.',
    timeout: 'The parking platform did not answer in time. Please try again.',
    upstream: 'The parking platform is unavailable. Try again or call staff.',
    rejected: 'The request was refused. Please call staff.',
  },
  minutes: (minutes) => {
    const p = splitMinutes(minutes);
    return `${p.days ? `${p.days} d ` : ''}${p.hours ? `${p.hours} h ` : ''}${p.minutes} min`;
  },
  welcome: 'Welcome',
  streamOffline: 'Live updates lost, reconnecting',
  printer: {
    'paper-out': 'The printer is out of paper; please call staff',
    'cover-open': 'The printer cover is open',
    offline: 'The printer is offline',
    disconnected: 'The printer is not connected',
    'paper-low': 'Receipt paper is running low',
  },
  scanTicket: (ticketNo) => `Ticket ${ticketNo} recognised; please call staff to exit with a ticket`,
  scanForgedTicket: 'This ticket is not valid; please call staff',
  scanCoupon: 'Merchant coupon recognised',
  scanUnknown: 'This code is not recognised',
  offlineMode: 'Offline: the parking platform cannot be reached; staff can release cars',
  pendingUploads: (n) => `${n} records waiting to upload`,
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
  },
  widgetTitle: 'Pay for parking',
  widgetHint: 'Pay before you drive out; the exit gate opens by itself',
  payLink: 'Pay now',
};

const tables: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function messages(locale: Locale): Messages {
  return tables[locale] ?? zhCN;
}

/** Amounts on screen use the half-width ¥ the fonts render well. */
export function money(fen: Fen): string {
  return formatYuan(fen);
}
