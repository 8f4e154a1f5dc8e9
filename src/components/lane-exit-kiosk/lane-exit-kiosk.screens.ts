/**
 * What `<lane-exit-kiosk>` shows in each lane state: one template per state, no wiring. The element
 * hands in the actions; every screen but the farewell offers a way out.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { canRetry, MAX_AUTH_ATTEMPTS, type LaneAction, type LaneState } from '../../core/lane-machine.js';
import type { Quote } from '../../core/quote.js';
import { formatBeijing, formatCountdown } from '../../core/time.js';
import type { LanePlateSubmitEvent } from '../lane-plate-input/lane-plate-input.js';
import { couponNotice, errorWords, messages, money, type Locale } from '../shared/messages.js';
import { plateBadge } from '../shared/kiosk-chrome.js';
import '../lane-plate-input/lane-plate-input.js';
import type { ExitKioskParts } from './exit-kiosk-parts.js';

export interface ExitScreenContext {
  locale: Locale;
  /** Epoch ms, ticking every second while a quote is shown. */
  now: number;
  freeSpaces: number | null;
  /** The lane camera's plate, put on the keyboard for the driver to confirm or correct; null when none. */
  plateSuggestion: string | null;
  /** The plate the driver went back from, put on the keyboard again to correct; null when none. */
  retypePlate: string | null;
  /** The lane's QR for unlicensed cars; empty when the lot has none. */
  laneQr: string;
  /** Staff release is offered (the lane has a staff PIN) for the state's car. */
  staffRelease: boolean;
  /** Offline, with the lot's duty phone to give: staff are the driver's way out, before a retry of the unreachable platform. */
  staffFirst: boolean;
  /** The driver asked for staff on this screen and no call could be made: how to reach them, large; null otherwise. */
  staffNote: string | null;
  /** The pay QR is not in the first screen's code: it shows once loaded, its place says so meanwhile. */
  parts: Pick<ExitKioskParts, 'render' | 'renderIfReady'>;
  send(action: LaneAction): void;
  /** The driver's 返回: back to the keyboard with their plate, in their language. */
  back(): void;
  submitPlate(plate: string): void;
  callStaff(): void;
  openStaffRelease(): void;
}

export function renderExitScreen(state: LaneState, ctx: ExitScreenContext): TemplateResult {
  return html`${ctx.staffNote ? html`<p class="big over-screen" role="status" part="staff-note">${ctx.staffNote}</p>` : nothing}${screenFor(state, ctx)}`;
}

function screenFor(state: LaneState, ctx: ExitScreenContext): TemplateResult {
  const t = messages(ctx.locale);
  switch (state.name) {
    case 'idle':
      return idle(ctx);
    case 'identifying':
      return progress(state.coupon ? `${t.couponApplied} · ${t.querying(state.plate)}` : t.querying(state.plate));
    case 'authenticating':
      return progress(t.ticket.checking);
    case 'auth-waiting':
      return html`
        <div class="spinner" aria-hidden="true"></div>
        <h1>${t.ticket.waits[state.wait]}</h1>
        ${state.message ? html`<p class="hint">${state.message}</p>` : nothing}
        <p class="hint">${t.ticket.attempt(state.attempt, MAX_AUTH_ATTEMPTS)}</p>
        <div class="actions">${backButton(ctx)}${staffButton(ctx)}</div>
      `;
    case 'quoted':
      return html`${state.notice ? html`<p class="big alert over-screen" role="status" part="coupon-notice">${couponNotice(ctx.locale, state.notice)}</p>` : nothing}${quoted(state.quote, ctx)}`;
    case 'paying':
      return html`
        <div class="split">
          <div class="lead">
            ${plateBadge(state.quote.plate, { heading: true })}
            <p>${t.scanToPay}</p>
            <div class="actions">${backButton(ctx)}${staffButton(ctx)}</div>
          </div>
          ${ctx.parts.render(
            'payQr',
            ctx.locale,
            () => html`<lane-pay-qr .value=${state.quote.payUrl ?? ''} .amountFen=${state.quote.dueFen} .expiresAt=${state.quote.expiresAt} .locale=${ctx.locale}></lane-pay-qr>`,
          )}
        </div>
      `;
    case 'paid':
      return html`${plateBadge(state.quote.plate, { heading: true })}
        <p class="big success">${t.paySuccess}</p>
        <p class="big paid-amount">${money(state.paidFen)}</p>`;
    case 'farewell':
      return html`${state.plate ? plateBadge(state.plate) : nothing}
        <h1 class="big success">${t.farewell}</h1>`;
    case 'error': {
      const words = errorWords(ctx.locale, state.error);
      // The code stays off the screen (it is in the lane-state event for staff and logs): drivers read words.
      return html`
        <h1>${words.title}</h1>
        ${state.plate ? plateBadge(state.plate) : nothing}
        <p>${words.text}</p>
        <div class="actions">
          ${ctx.staffFirst
            ? // Offline, a retry asks the same unreachable platform: the driver's way out is staff.
              html`${staffButton(ctx, { main: true })}${canRetry(state) ? html`<button class="secondary" @click=${() => ctx.send({ type: 'retry' })}>${t.retry}</button>` : nothing}${backButton(ctx)}`
            : html`${canRetry(state) ? html`<button @click=${() => ctx.send({ type: 'retry' })}>${t.retry}</button>` : nothing}${backButton(ctx)}${staffButton(ctx)}`}
          ${state.plate && state.error.kind !== 'invalid-plate' ? staffReleaseButton(ctx) : nothing}
        </div>
      `;
    }
  }
}

function idle(ctx: ExitScreenContext) {
  const t = messages(ctx.locale);
  // The keyboard has a place of its own: the free-spaces line and the lane QR arrive later and must not move a key.
  return html`
    <div class="identify">
      <div class="intro">
        <div class="greeting">
          <h1>${t.welcome}</h1>
          <div class="spaces-slot">${ctx.freeSpaces === null ? nothing : html`<p class="spaces" part="spaces">${t.idle.freeSpaces(ctx.freeSpaces)}</p>`}</div>
          <p class="hint">${t.idle.scanHint}</p>
        </div>
        ${ctx.laneQr
          ? ctx.parts.renderIfReady(
              'payQr',
              () => html`<figure class="lane-qr" part="lane-qr">
                <lane-pay-qr .value=${ctx.laneQr} .label=${t.idle.laneQr} .locale=${ctx.locale}></lane-pay-qr>
                <figcaption>${t.idle.laneQr}</figcaption>
              </figure>`,
            )
          : nothing}
      </div>
      <div class="keyboard">
        ${ctx.plateSuggestion
          ? html`<p class="hint" id="plate-hint" part="plate-suggestion">${t.idle.cameraPlate(ctx.plateSuggestion)}</p>`
          : html`<p class="hint" id="plate-hint">${t.enterPlate}</p>`}
        <lane-plate-input
          part="plate-input"
          aria-describedby="plate-hint"
          .value=${ctx.plateSuggestion ?? ctx.retypePlate ?? ''}
          .newEnergy=${[...(ctx.plateSuggestion ?? ctx.retypePlate ?? '')].length === 8}
          .locale=${ctx.locale}
          @lane-plate-submit=${(event: LanePlateSubmitEvent) => ctx.submitPlate(event.detail.plate)}
        ></lane-plate-input>
      </div>
    </div>
  `;
}

function progress(text: string) {
  return html`<div class="spinner" role="progressbar" aria-label=${text}></div>
    <p>${text}</p>`;
}

function quoted(quote: Quote, ctx: ExitScreenContext) {
  const t = messages(ctx.locale);
  if (quote.status === 'no-entry-record') {
    return html`${plateBadge(quote.plate)}
      <h1>${t.noEntryRecord}</h1>
      <p class="hint">${t.noEntryHint}</p>
      <div class="actions">${backButton(ctx)}${staffButton(ctx)}${staffReleaseButton(ctx)}</div>`;
  }
  const remainingSeconds = (Date.parse(quote.expiresAt) - ctx.now) / 1000;
  const due = quote.status === 'due';
  // A car that owes nothing sees its stay and why (discount, paid) without rows of ¥0.00; the
  // duration is only shown when the platform gave the entry it is counted from.
  const stayKnown = due || quote.enteredAt !== null;
  // The plate heads the fee screen: it is what the driver checks first.
  return html`
    ${plateBadge(quote.plate, { heading: true })}
    <dl part="fee">
      ${quote.enteredAt ? html`<dt>${t.entryTime}</dt><dd>${formatBeijing(Date.parse(quote.enteredAt))}</dd>` : nothing}
      ${stayKnown ? html`<dt>${t.duration}</dt><dd>${t.minutes(quote.minutes)}</dd>` : nothing}
      ${due || quote.payableFen ? html`<dt>${t.payable}</dt><dd>${money(quote.payableFen)}</dd>` : nothing}
      ${quote.discountFen ? html`<dt>${t.discount}</dt><dd>−${money(quote.discountFen)}</dd>` : nothing}
      ${quote.paidFen ? html`<dt>${t.paid}</dt><dd>−${money(quote.paidFen)}</dd>` : nothing}
      ${due ? html`<dt>${t.due}</dt><dd class="due">${money(quote.dueFen)}</dd>` : nothing}
    </dl>
    ${due ? html`<p class="hint" part="quote-countdown" aria-live="off">${t.quoteExpires(formatCountdown(remainingSeconds))}</p>` : nothing}
    ${due ? nothing : html`<p class="big success">${t.nothingToPay}</p>`}
    <div class="actions">
      ${due
        ? html`<button @click=${() => ctx.send({ type: 'pay-requested' })}>${t.payNow(money(quote.dueFen))}</button>`
        : html`<button @click=${() => ctx.send({ type: 'leave' })}>${t.leave}</button>`}
      ${backButton(ctx)}${due ? staffButton(ctx) : nothing}
    </div>
  `;
}

function backButton(ctx: ExitScreenContext) {
  return html`<button class="secondary" @click=${() => ctx.back()}>${messages(ctx.locale).back}</button>`;
}

function staffButton(ctx: ExitScreenContext, { main = false } = {}) {
  return html`<button class=${main ? '' : 'secondary'} @click=${ctx.callStaff}>${messages(ctx.locale).callStaff}</button>`;
}

function staffReleaseButton(ctx: ExitScreenContext) {
  return ctx.staffRelease ? html`<button class="secondary" @click=${ctx.openStaffRelease}>${messages(ctx.locale).staffExit}</button>` : nothing;
}
