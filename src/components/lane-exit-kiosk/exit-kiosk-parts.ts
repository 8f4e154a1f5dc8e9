/**
 * The exit screen's parts that its idle screen does not need: the pay QR (and qrcode with it), the
 * staff release form, the refused-records list and the receipt printing. None is in the first file
 * a kiosk loads. What the lane needs with the network gone (the staff release form, the receipt
 * code) loads right after the screen's first paint, so a network lost right after a start cannot
 * keep it off the lane; the rest (the pay QR, with which the idle screen's lane QR appears, and the refused
 * records) once the screen has been up for a moment (afterDriverFirst: the driver's first taps come
 * first). Any of them loads on first use if that comes sooner. Until a part's code is there, its
 * place says so; if it does not come, words and a retry.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { messages, type Locale } from '../shared/messages.js';
import { LazyPart } from '../shared/lazy-part.js';
import { afterDriverFirst, afterFirstPaint } from '../shared/start-up.js';
import type * as ExitPrinting from './exit-printing.js';
import { exitMessages } from './lane-exit-kiosk.messages.js';

export type ExitPartName = 'payQr' | 'staffExit' | 'deadLetters';

/** When the parts load unasked: right after the page's first paint, and once the start is the driver's no longer. */
export interface PartsSchedule {
  afterFirstPaint(): Promise<void>;
  afterDriverFirst(): Promise<void>;
}

/** A custom element whose module loads on demand; it is there once its tag is defined, by this load or any other. */
export class ElementPart extends LazyPart<unknown> {
  constructor(
    readonly tag: string,
    load: () => Promise<unknown>,
    changed: () => void,
  ) {
    super(load, changed);
  }

  get defined(): boolean {
    return customElements.get(this.tag) !== undefined;
  }
}

export class ExitKioskParts implements ReactiveController {
  readonly payQr: ElementPart;
  readonly staffExit: ElementPart;
  readonly deadLetters: ElementPart;
  /** The ESC/POS receipts, for the hardware controller. */
  readonly printing: LazyPart<typeof ExitPrinting>;
  private prefetchScheduled = false;

  /** @param schedule - the page's (start-up.ts); tests hand in their own. */
  constructor(
    host: ReactiveControllerHost,
    private readonly schedule: PartsSchedule = { afterFirstPaint, afterDriverFirst },
  ) {
    const changed = () => host.requestUpdate();
    this.staffExit = new ElementPart('lane-staff-exit', () => import('../lane-staff-exit/lane-staff-exit.js'), changed);
    this.payQr = new ElementPart('lane-pay-qr', () => import('../lane-pay-qr/lane-pay-qr.js'), changed);
    this.deadLetters = new ElementPart('lane-dead-letters', () => import('../lane-dead-letters/lane-dead-letters.js'), changed);
    // A cash release with the network gone still prints its receipt: the code is here before that.
    this.printing = new LazyPart(() => import('./exit-printing.js'), () => {});
    host.addController(this);
  }

  /** Each part is there before anyone asks for it. */
  hostConnected(): void {
    if (this.prefetchScheduled) return;
    this.prefetchScheduled = true;
    // The lane's way out when the proxy is gone, and its receipt: they must arrive while the proxy is still there.
    void this.schedule.afterFirstPaint().then(() => {
      if (!this.staffExit.defined) void this.staffExit.get();
      void this.printing.get();
    });
    // Not before the driver's first taps: the pay QR brings the idle screen's lane QR, drawn as it comes.
    void this.schedule.afterDriverFirst().then(() => {
      for (const part of [this.payQr, this.deadLetters]) if (!part.defined) void part.get();
    });
  }

  /**
   * The part's element once its code is there. Meanwhile its place shows that it is loading (and
   * starts the load, if nothing has); after the last failed attempt, the words and a retry. A part
   * that covers the screen (a form staff opened) passes `close`, so it can always be left.
   */
  render(name: ExitPartName, locale: Locale, ready: () => TemplateResult, close?: () => void): TemplateResult {
    const part = this[name];
    if (part.defined) return ready();
    const t = exitMessages(locale);
    const closeButton = close ? html`<button class="secondary" @click=${close}>${t.close}</button>` : nothing;
    if (part.status === 'failed') {
      return html`<div class="part-state">
        <p class="alert" role="alert">${t.partFailed[name]}</p>
        <div class="actions"><button @click=${() => void part.get()}>${messages(locale).retry}</button>${closeButton}</div>
      </div>`;
    }
    // Started after this render, not in it: a load changes the part's status, which renders again.
    if (part.status === 'not-loaded') queueMicrotask(() => void part.get());
    return html`<div class="part-state" role="status">
      <div class="spinner" aria-hidden="true"></div>
      <p>${t.partLoading}</p>
      ${close ? html`<div class="actions">${closeButton}</div>` : nothing}
    </div>`;
  }

  /**
   * The part's element once its code is there, nothing otherwise (for what the screen does without:
   * the idle lane QR). Asks for no load: the idle screen is the first screen, and the part comes with
   * the others once the screen has been up for a moment.
   */
  renderIfReady(name: ExitPartName, ready: () => TemplateResult): TemplateResult | typeof nothing {
    return this[name].defined ? ready() : nothing;
  }
}
