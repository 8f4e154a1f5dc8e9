/**
 * The kiosk app's own strings outside the staff settings (the demo's device stand-ins, first run),
 * one table per locale. messages.ts carries them as its `shell` section, so they switch with the
 * lane. The staff settings have their own table (kiosk-shell/settings-panel.messages.ts).
 */
export const shellZhCN = {
  firstRun: '请先用 /?lane=车道编号&key=车道密钥 打开本页一次；代理启动时会打印演示地址。',
  screenMissing: (seconds: number) => `车道画面未能加载（连不上代理）。${seconds} 秒后自动重试；若一直如此，请检查本机网络或联系技术人员。`,
  demo: {
    devices: '模拟设备',
    printer: '模拟打印机',
    hide: '收起',
    paperIn: '装纸',
    paperOut: '缺纸',
    coverClose: '合盖',
    coverOpen: '开盖',
    reprint: '补打上一张',
    scanner: '模拟扫码枪',
    code: '扫码内容',
    codeHint: '车牌 / 入场凭证 / 优惠券',
    scan: '扫码',
  },
  gate: {
    demo: '模拟道闸',
    up: '已抬杆',
    down: '已落杆',
    openings: (n: number) => `开闸 ${n} 次`,
  },
};

export type ShellMessages = typeof shellZhCN;

export const shellEn: ShellMessages = {
  firstRun: 'Open this page once as /?lane=<lane id>&key=<lane key>; the proxy prints the demo URL when it starts.',
  screenMissing: (seconds) => `The lane screen did not load (the proxy cannot be reached). Trying again in ${seconds} s; if this persists, check this kiosk's network or call a technician.`,
  demo: {
    devices: 'Devices',
    printer: 'Virtual printer',
    hide: 'Hide',
    paperIn: 'Load paper',
    paperOut: 'Paper out',
    coverClose: 'Close cover',
    coverOpen: 'Open cover',
    reprint: 'Reprint last',
    scanner: 'Virtual scanner',
    code: 'Code to scan',
    codeHint: 'Plate / entry ticket / coupon',
    scan: 'Scan',
  },
  gate: {
    demo: 'Virtual gate',
    up: 'Barrier up',
    down: 'Barrier down',
    openings: (n) => `${n} opening${n === 1 ? '' : 's'}`,
  },
};
