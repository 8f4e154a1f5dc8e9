/** What a driver reads during a call to the remote attendant. */
import type { Locale } from '../shared/messages.js';

const words = {
  'zh-CN': {
    ringing: '正在呼叫工作人员…',
    connecting: '工作人员已接听，正在接通…',
    inCall: '通话中，请对着屏幕讲话',
    unanswered: '暂时无人接听',
    failed: '无法接通',
    ended: '通话已结束',
    callPhone: (phone: string) => `请拨打 ${phone}`,
    hangUp: '挂断',
  },
  en: {
    ringing: 'Calling staff…',
    connecting: 'Staff answered, connecting…',
    inCall: 'Connected: speak towards the screen',
    unanswered: 'Nobody is answering right now',
    failed: 'The call could not connect',
    ended: 'Call ended',
    callPhone: (phone: string) => `Please call ${phone}`,
    hangUp: 'Hang up',
  },
};


export function callStatusMessages(locale: Locale): (typeof words)['zh-CN'] {
  return words[locale];
}
