/** The exit kiosk's own strings, one table per locale; the strings the lanes share are in shared/messages.ts. */
import type { Locale } from '../shared/fee-messages.js';

const zhCN = {
  /** A part of the screen whose code is still on its way (it loads on first use). */
  partLoading: '正在加载…',
  /** The part's code did not arrive after every attempt: what happened and what to do. */
  partFailed: {
    payQr: '付款码暂时无法显示。请重试，或呼叫工作人员。',
    staffExit: '放行表单未能打开。请重试；仍不行请重启本机，或手动抬杆并记录。',
    deadLetters: '记录列表未能打开。请重试；仍不行请重启本机。',
  },
  close: '关闭',
};

const en: typeof zhCN = {
  partLoading: 'Loading…',
  partFailed: {
    payQr: 'The payment code cannot be shown right now. Try again, or call staff.',
    staffExit: 'The release form did not open. Try again; if it still fails, restart this kiosk, or lift the barrier by hand and note the car.',
    deadLetters: 'The list of records did not open. Try again; if it still fails, restart this kiosk.',
  },
  close: 'Close',
};

const tables: Record<Locale, typeof zhCN> = { 'zh-CN': zhCN, en };

export function exitMessages(locale: Locale): typeof zhCN {
  return tables[locale] ?? zhCN;
}
