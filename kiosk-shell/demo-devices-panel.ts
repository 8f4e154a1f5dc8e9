/**
 * The demo's stand-in for the lane hardware: the receipt the virtual printer just printed, a
 * field that "scans" with the virtual scanner, switches for paper and cover, and the barrier on
 * the virtual relay board going up and down with the relay frames it received.
 *
 * It never covers the driver's screen on its own: closed, it is a narrow tab in a strip of its own
 * at the right edge (the page's styles keep the room, see index.html); opened by hand, it is a
 * drawer over the kiosk's right edge and the kiosk keeps its size, so no key moves or shrinks. A
 * print or a barrier movement only marks the tab.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import '../src/components/lane-receipt-preview/lane-receipt-preview.js';
import { messages, type Locale } from '../src/components/shared/messages.js';
import type { PrintedBlock } from '../src/hardware/virtual/escpos-parser.js';
import type { VirtualGate } from '../src/hardware/virtual/virtual-gate.js';
import type { VirtualDevices } from './devices.js';

export class LaneDemoDevicesPanel extends LitElement {
  static override properties = {
    devices: { attribute: false },
    gateBoard: { attribute: false },
    receipt: { state: true },
    news: { state: true },
    open: { type: Boolean, reflect: true },
    locale: { type: String },
  };
  static override styles = css`
    :host {
      position: fixed;
      inset-block: 0;
      inset-inline-end: 0;
      inline-size: var(--demo-panel-tab-size, 2.75rem);
      z-index: 10;
      display: flex;
      align-items: center;
      box-sizing: border-box;
      background: #cbd5e1;
      font: 16px system-ui, 'Noto Sans CJK SC', sans-serif;
    }
    :host([open]) {
      inline-size: var(--demo-panel-size, 26rem);
      align-items: stretch;
      background: #fff;
      box-shadow: 0 0 12px rgb(0 0 0 / 0.2);
    }
    button.tab {
      writing-mode: vertical-rl;
      /* Physical sizes: in vertical writing the logical ones turn sideways. */
      width: 100%;
      min-height: 10rem;
      padding: 1rem 0;
      border-inline-end: 0;
      border-radius: 8px 0 0 8px;
    }
    .news {
      display: inline-block;
      inline-size: 0.75rem;
      block-size: 0.75rem;
      margin-block-start: 0.5rem;
      border-radius: 50%;
      background: #dc2626;
    }
    .panel {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      inline-size: 100%;
      overflow: auto;
      padding: 1rem;
      box-sizing: border-box;
    }
    button {
      font: inherit;
      min-height: 48px;
      padding: 0 1rem;
      border-radius: 8px;
      border: 1px solid #94a3b8;
      background: #f8fafc;
      cursor: pointer;
    }
    form,
    .row {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .heading {
      justify-content: space-between;
      align-items: center;
    }
    input {
      font: inherit;
      flex: 1;
      min-width: 10rem;
      padding: 0.5rem;
    }
    /* The arm pivots on its post and stays inside its box when raised. */
    .barrier {
      position: relative;
      height: 160px;
      overflow: hidden;
      border-bottom: 4px solid #475569;
    }
    .post {
      position: absolute;
      left: 8px;
      bottom: 0;
      width: 16px;
      height: 32px;
      background: #475569;
    }
    .arm {
      position: absolute;
      left: 16px;
      bottom: 24px;
      width: 130px;
      height: 10px;
      background: repeating-linear-gradient(90deg, #dc2626 0 20px, #fff 20px 40px);
      border: 1px solid #7f1d1d;
      transform-origin: left center;
      transition: transform 0.3s ease-out;
    }
    .barrier[data-open] .arm {
      transform: rotate(-72deg);
    }
    @media (prefers-reduced-motion: reduce) {
      .arm {
        transition: none;
      }
    }
    code {
      font-size: 14px;
    }
  `;

  declare devices: VirtualDevices | null;
  /** The demo's virtual relay board, when the lane's gate is a relay. */
  declare gateBoard: VirtualGate | null;
  declare receipt: PrintedBlock[];
  /** Something printed or the barrier moved since the panel was last open. */
  declare news: boolean;
  declare open: boolean;
  declare locale: Locale;

  constructor() {
    super();
    this.devices = null;
    this.gateBoard = null;
    this.receipt = [];
    this.news = false;
    this.open = false;
    this.locale = 'zh-CN';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.devices?.virtualPrinter.addEventListener('printed', (event) => {
      this.receipt = (event as CustomEvent<PrintedBlock[]>).detail;
      if (!this.open) this.news = true;
    });
  }

  /** The board's own reading of the last frame it received, shown as it came over the wire. */
  private lastFrame = '';
  private readonly onRelay = (event: Event) => {
    const { relay, on } = (event as CustomEvent<{ relay: number; on: boolean }>).detail;
    const bytes = this.gateBoard!.received.slice(-4).map((b) => b.toString(16).padStart(2, '0').toUpperCase());
    this.lastFrame = `${bytes.join(' ')} → ${relay} ${on ? 'ON' : 'OFF'}`;
    this.requestUpdate();
  };
  private readonly onBarrier = (event: Event) => {
    if ((event as CustomEvent<{ open: boolean }>).detail.open && !this.open) this.news = true;
    this.requestUpdate();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('gateBoard')) return;
    const before = changed.get('gateBoard') as VirtualGate | null | undefined;
    before?.removeEventListener('relay', this.onRelay);
    before?.removeEventListener('barrier', this.onBarrier);
    this.gateBoard?.addEventListener('relay', this.onRelay);
    this.gateBoard?.addEventListener('barrier', this.onBarrier);
  }

  private readonly show = (): void => {
    this.open = true;
    this.news = false;
  };

  private async scan(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    await this.devices?.virtualScanner.scan(input.value, { aim: ']Q1' });
    input.value = '';
  }

  private toggle(change: 'paperEnd' | 'coverOpen'): void {
    const printer = this.devices!.virtualPrinter;
    printer.setState({ [change]: !printer.state[change] });
    this.requestUpdate();
  }

  protected override render() {
    const t = messages(this.locale).shell.demo;
    if (!this.open) {
      return html`<button class="tab" aria-expanded="false" @click=${this.show}>
        ${t.devices}${this.news ? html`<span class="news" aria-hidden="true"></span>` : nothing}
      </button>`;
    }
    const state = this.devices?.virtualPrinter.state;
    return html`<div class="panel" role="region" aria-label=${t.devices}>
      <div class="row heading"><strong>${t.printer}</strong><button @click=${() => (this.open = false)}>${t.hide}</button></div>
      <lane-receipt-preview .blocks=${this.receipt} .columns=${this.devices?.printer.profile.columns ?? 48}></lane-receipt-preview>
      <div class="row">
        <button @click=${() => this.toggle('paperEnd')}>${state?.paperEnd ? t.paperIn : t.paperOut}</button>
        <button @click=${() => this.toggle('coverOpen')}>${state?.coverOpen ? t.coverClose : t.coverOpen}</button>
        <button @click=${() => void this.devices?.printer.reprintLast().catch(() => {})}>${t.reprint}</button>
      </div>
      <strong>${t.scanner}</strong>
      <form @submit=${this.scan}>
        <input name="code" aria-label=${t.code} placeholder=${t.codeHint} required />
        <button type="submit">${t.scan}</button>
      </form>
      ${this.renderGate()}
    </div>`;
  }

  private renderGate() {
    const board = this.gateBoard;
    if (!board) return nothing;
    const g = messages(this.locale).shell.gate;
    return html`<strong>${g.demo}</strong>
      <div class="barrier" part="barrier" ?data-open=${board.barrierOpen} role="img" aria-label=${board.barrierOpen ? g.up : g.down}>
        <div class="post"></div>
        <div class="arm"></div>
      </div>
      <p role="status">${board.barrierOpen ? g.up : g.down} · ${g.openings(board.openings)}</p>
      ${this.lastFrame ? html`<code>${this.lastFrame}</code>` : nothing}`;
  }
}

if (!customElements.get('lane-demo-devices-panel')) customElements.define('lane-demo-devices-panel', LaneDemoDevicesPanel);

declare global {
  interface HTMLElementTagNameMap {
    'lane-demo-devices-panel': LaneDemoDevicesPanel;
  }
}
