/**
 * The demo's stand-in for the lane hardware: the receipt the virtual printer just printed, a
 * field that "scans" with the virtual scanner, and switches for paper and cover.
 */
import { LitElement, css, html } from 'lit';
import '../src/components/lane-receipt-preview.js';
import { messages, type Locale } from '../src/components/messages.js';
import type { PrintedBlock } from '../src/hardware/virtual/escpos-parser.js';
import type { VirtualDevices } from './devices.js';

export class LaneDemoDevicesPanel extends LitElement {
  static override properties = { devices: { attribute: false }, receipt: { state: true }, open: { type: Boolean, reflect: true }, locale: { type: String } };
  static override styles = css`
    :host {
      /* Halfway down the right edge: the corners hold the header's switches, the offline banner and
         the status bar's details button, which the lane's staff must still reach in the demo. */
      position: fixed;
      right: 1rem;
      top: 50%;
      transform: translateY(-50%);
      z-index: 10;
      font: 16px system-ui, 'Noto Sans CJK SC', sans-serif;
    }
    .panel {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      max-height: 80vh;
      overflow: auto;
      padding: 1rem;
      background: #fff;
      border-radius: 12px;
      box-shadow: 0 4px 20px rgb(0 0 0 / 0.25);
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
  `;

  declare devices: VirtualDevices | null;
  declare receipt: PrintedBlock[];
  declare open: boolean;
  declare locale: Locale;

  constructor() {
    super();
    this.devices = null;
    this.receipt = [];
    this.open = false;
    this.locale = 'zh-CN';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.devices?.virtualPrinter.addEventListener('printed', (event) => {
      this.receipt = (event as CustomEvent<PrintedBlock[]>).detail;
      this.open = true;
    });
  }

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
    if (!this.open) return html`<button @click=${() => (this.open = true)}>${t.devices}</button>`;
    const state = this.devices?.virtualPrinter.state;
    return html`<div class="panel" role="region" aria-label=${t.devices}>
      <div class="row heading"><strong>${t.printer}</strong><button @click=${() => (this.open = false)}>${t.hide}</button></div>
      <lane-receipt-preview .blocks=${this.receipt} columns="48"></lane-receipt-preview>
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
    </div>`;
  }
}

if (!customElements.get('lane-demo-devices-panel')) customElements.define('lane-demo-devices-panel', LaneDemoDevicesPanel);

declare global {
  interface HTMLElementTagNameMap {
    'lane-demo-devices-panel': LaneDemoDevicesPanel;
  }
}
