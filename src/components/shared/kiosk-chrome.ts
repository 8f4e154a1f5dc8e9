/** The header both lane screens share: lot and lane, the language and voice switches, the clock. */
import { html } from 'lit';
import { checkPlate } from '../../core/plate.js';
import { formatBeijingClock } from '../../core/time.js';
import { emit } from './events.js';
import './kiosk-events.js';
import { messages, type Locale } from './messages.js';
import type { LaneVoice } from './voice.js';

export interface KioskHeaderOptions {
  title: string;
  locale: Locale;
  muted: boolean;
  now: number;
  toggleLocale(): void;
  toggleVoice(): void;
}

export function kioskHeader(options: KioskHeaderOptions) {
  const t = messages(options.locale);
  return html`<header part="header">
    <span class="lot">${options.title}</span>
    <span class="tools">
      <button class="tool" part="locale-switch" lang=${options.locale === 'en' ? 'zh-CN' : 'en'} @click=${options.toggleLocale}>${t.otherLocale}</button>
      <button class="tool" part="voice-switch" aria-pressed=${String(!options.muted)} @click=${options.toggleVoice}>${t.voice.toggle}</button>
      <time class="clock">${formatBeijingClock(options.now)}</time>
    </span>
  </header>`;
}

/** What a lane screen needs for the two header switches. */
export interface SwitchableKiosk extends HTMLElement {
  locale: Locale;
  muted: boolean;
}

/** Flips the language and tells the page (`lane-locale`), so a shell can remember the choice. */
export function switchLocale(host: SwitchableKiosk): void {
  host.locale = host.locale === 'en' ? 'zh-CN' : 'en';
  emit(host, 'lane-locale', { locale: host.locale });
}

/**
 * A driver's language switch, remembered against the lane's own language so the next driver finds
 * the lane as it was set up.
 */
export class DriverLocale {
  private home: Locale | null = null;

  constructor(private readonly host: SwitchableKiosk) {}

  /** The driver's language button. */
  toggle(): void {
    this.home ??= this.host.locale;
    switchLocale(this.host);
  }

  /** The driver has gone: back to the lane's own language. */
  restore(): void {
    if (this.home !== null && this.home !== this.host.locale) switchLocale(this.host);
    this.home = null;
  }
}

/** Flips the voice; coming on, it says so. */
export function switchVoice(host: SwitchableKiosk, voice: LaneVoice): void {
  host.muted = !host.muted;
  voice.setMuted(host.muted);
  if (!host.muted) voice.say(messages(host.locale).voice.on, host.locale);
}

/**
 * A car's plate in its badge, green for a new-energy plate as on the road. A platform's stand-in for
 * a car it knows only by ticket (Welink's QB… user ids) is shown as a plain reference, never as a plate.
 */
export function plateBadge(text: string, options: { heading?: boolean } = {}) {
  const check = checkPlate(text);
  if (!check.ok || check.kind === 'temporary') return html`<p class="car-ref">${text}</p>`;
  const badge = check.kind === 'new-energy-small' || check.kind === 'new-energy-large' ? 'plate new-energy' : 'plate';
  return options.heading ? html`<h1 class=${badge}>${check.plate}</h1>` : html`<div class=${badge}>${check.plate}</div>`;
}
