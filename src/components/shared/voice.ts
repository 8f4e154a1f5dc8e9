/**
 * Spoken announcements at the lane ("请缴费 12 元", "一路顺风") through the Web Speech API, and
 * which lane state says what. A driver with the window down hears the fee without reading it.
 */
import type { LaneState } from '../../core/lane-machine.js';
import { formatYuan } from '../../core/money.js';
import { couponNotice, errorWords, messages, type Locale } from './messages.js';

/** What the lane says on entering `state`, or null when it stays quiet. */
export function announcementFor(state: LaneState, previous: LaneState, locale: Locale): string | null {
  const t = messages(locale).voice;
  switch (state.name) {
    case 'quoted': {
      // A quote refreshed on the QR screen is not news to the driver.
      if (previous.name !== 'identifying' && previous.name !== 'authenticating') return null;
      if (state.notice) return couponNotice(locale, state.notice);
      if (state.quote.status === 'no-entry-record') return t.noEntry;
      if (state.quote.status === 'nothing-to-pay') return messages(locale).nothingToPay;
      return t.due(formatYuan(state.quote.dueFen, { symbol: '', trimWhole: true }));
    }
    case 'paid':
      return t.paid;
    case 'farewell':
      return t.farewell;
    case 'error': {
      if (state.error.kind === 'invalid-plate') return null;
      // The screen's own words, next action included: a forged ticket is not told to "retry".
      const words = errorWords(locale, state.error);
      return `${words.title}${locale === 'en' ? '. ' : '。'}${words.text}`;
    }
    default:
      return null;
  }
}

/** Speaks through `speechSynthesis`; silent where the browser has none. A new announcement replaces one still queued. */
export class LaneVoice {
  enabled = true;

  constructor(private readonly synth: SpeechSynthesis | undefined = globalThis.speechSynthesis) {}

  say(text: string, locale: Locale): void {
    if (!this.enabled || !this.synth) return;
    this.synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = locale;
    const prefix = locale.toLowerCase();
    const voice = this.synth.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase().startsWith(prefix));
    if (voice) utterance.voice = voice;
    this.synth.speak(utterance);
  }

  /** Turns the voice off (stopping anything mid-sentence) or on again. */
  setMuted(muted: boolean): void {
    this.enabled = !muted;
    if (muted) this.synth?.cancel();
  }
}
