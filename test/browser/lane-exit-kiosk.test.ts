import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import './exit-parts-defined.js';
import type { LaneExitKiosk, LanePaidEvent, LaneQuoteEvent, LaneStateEvent, LaneStreamStatusEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneStateName } from '../../src/core/lane-machine.js';
import { Outbox } from '../../src/offline/outbox.js';
import { LANE, mount, nextEvent, payQuote, unmountAll } from './support.js';

function kiosk(over: Partial<{ proxyUrl: string; laneKey: string }> = {}): LaneExitKiosk {
  const element = document.createElement('lane-exit-kiosk');
  element.proxyUrl = over.proxyUrl ?? LANE.proxyUrl;
  element.lane = LANE.laneId;
  element.laneKey = over.laneKey ?? LANE.laneKey;
  return element;
}

const reached = (element: EventTarget, name: LaneStateName) =>
  nextEvent<LaneStateEvent>(element, 'lane-state', (event) => event.detail.state.name === name);

/** Taps the plate on the on-screen keyboard, key by key, then OK, as a driver would. */
async function typePlate(element: LaneExitKiosk, plate: string): Promise<void> {
  const keyboard = element.shadowRoot!.querySelector('lane-plate-input')!;
  for (const char of plate.toUpperCase()) {
    await keyboard.updateComplete;
    const key = keyboard.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-key="${char}"]`)!;
    expect(key.disabled, `key ${char} enabled`).to.equal(false);
    key.click();
  }
  await keyboard.updateComplete;
  keyboard.shadowRoot!.querySelector<HTMLButtonElement>('[part~="confirm"]')!.click();
}

function button(element: LaneExitKiosk, label: RegExp): HTMLButtonElement {
  const found = [...element.shadowRoot!.querySelectorAll('button')].find((b) => label.test(b.textContent ?? ''));
  if (!found) throw new Error(`no button ${label}`);
  return found;
}

const screenText = (element: LaneExitKiosk) => element.shadowRoot!.querySelector('[part="screen"]')!.textContent!.replace(/\s+/g, ' ');

describe('<lane-exit-kiosk>', () => {
  afterEach(unmountAll);

  it('runs the whole exit: plate → fee → QR → paid → farewell → idle, with typed events', async () => {
    const element = await mount(kiosk());
    const quoted = nextEvent<LaneQuoteEvent>(document, 'lane-quote');
    await typePlate(element, '沪c66666');
    const { detail } = await quoted;
    expect(detail.quote.plate).to.equal('沪C66666');
    expect(detail.quote.dueFen).to.equal(500);
    await element.updateComplete;
    expect(screenText(element)).to.match(/需支付\s*¥5\.00/);
    // Seeded 50 minutes before the demo proxy started; the screen shows the platform's own count.
    expect(detail.quote.minutes).to.be.at.least(50);
    expect(screenText(element)).to.contain(`${detail.quote.minutes}分钟`);

    button(element, /扫码支付/).click();
    await element.updateComplete;
    const qr = element.shadowRoot!.querySelector('lane-pay-qr')!;
    expect(qr.value).to.equal(detail.quote.payUrl);
    expect(qr.amountFen).to.equal(500);

    const paid = nextEvent<LanePaidEvent>(document, 'lane-paid');
    await payQuote(detail.quote.quoteId, 500);
    expect((await paid).detail.paidFen).to.equal(500);
    await element.updateComplete;
    expect(screenText(element)).to.contain('支付成功');
    await reached(element, 'farewell');
    await element.updateComplete;
    expect(screenText(element)).to.contain('一路顺风');
    await reached(element, 'idle');
  });

  it('tells the page when its event stream from the proxy opens and closes', async () => {
    const element = kiosk();
    const statuses: string[] = [];
    element.addEventListener('lane-stream', (event) => statuses.push((event as LaneStreamStatusEvent).detail.status));
    const opened = nextEvent<LaneStreamStatusEvent>(element, 'lane-stream', (event) => event.detail.status === 'open');
    await mount(element);
    await opened;
    const closed = nextEvent<LaneStreamStatusEvent>(element, 'lane-stream', (event) => event.detail.status === 'closed');
    element.remove();
    await closed;
    expect(statuses).to.deep.equal(['connecting', 'open', 'closed']);
  });

  it('rejects a malformed plate locally, without asking the proxy, and goes back', async () => {
    const element = await mount(kiosk());
    const failed = reached(element, 'error');
    // The keyboard offers no I; a plate from elsewhere (an app calling the controller) is still checked.
    element.controller.submitPlate('沪AI2345');
    const { detail } = await failed;
    expect(detail.previous.name).to.equal('idle');
    await element.updateComplete;
    expect(screenText(element)).to.contain('车牌号格式不正确');
    expect(() => button(element, /重试/)).to.throw();
    button(element, /返回/).click();
    await element.updateComplete;
    expect(element.controller.state.name).to.equal('idle');
  });

  it('nothing to pay: the driver confirms and leaves', async () => {
    const element = await mount(kiosk());
    const quoted = reached(element, 'quoted');
    await typePlate(element, '京N8P8F8');
    await quoted;
    await element.updateComplete;
    expect(screenText(element)).to.contain('无需缴费');
    const leaving = reached(element, 'farewell');
    button(element, /确认离场/).click();
    await leaving;
  });

  it('an unreachable proxy is an error with retry, back and call-staff', async () => {
    const element = await mount(kiosk({ proxyUrl: 'http://127.0.0.1:9' }));
    const failed = reached(element, 'error');
    await typePlate(element, '沪A12345');
    const { detail } = await failed;
    expect(detail.state.name === 'error' && detail.state.error.kind).to.equal('network');
    await element.updateComplete;
    expect(screenText(element)).to.contain('网络连接中断');
    const staff = nextEvent(document, 'lane-call-staff');
    button(element, /呼叫工作人员/).click();
    await staff;
    const retried = reached(element, 'identifying');
    button(element, /重试/).click();
    await retried;
  });

  it('announces state changes through an aria-live region and speaks English on request', async () => {
    const element = kiosk();
    element.locale = 'en';
    await mount(element);
    expect(element.shadowRoot!.querySelector('[part="screen"]')!.getAttribute('aria-live')).to.equal('polite');
    expect(screenText(element)).to.contain('Enter your plate number');
    for (const b of element.shadowRoot!.querySelectorAll('button')) expect(b.getBoundingClientRect().height).to.be.at.least(48);
  });

  it('keeps the plate keyboard focused on idle, so a hardware keyboard types, without stealing focus from the rest of the page', async () => {
    const element = await mount(kiosk());
    // The first focus waits for the screen's first frame.
    if (!element.shadowRoot!.activeElement) await new Promise((resolve) => element.addEventListener('focusin', resolve, { once: true }));
    expect(element.shadowRoot!.activeElement?.localName).to.equal('lane-plate-input');
    const keyboard = element.shadowRoot!.querySelector('lane-plate-input')!;
    keyboard.shadowRoot!.querySelector<HTMLButtonElement>('button[data-key="沪"]')!.click();
    for (const key of ['a', '1']) keyboard.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    await keyboard.updateComplete;
    expect(keyboard.value).to.equal('沪A1');
    const outside = document.createElement('input');
    document.body.append(outside);
    try {
      outside.focus();
      element.now = Date.now() + 60_000; // a clock tick re-renders the kiosk
      await element.updateComplete;
      expect(document.activeElement).to.equal(outside);
    } finally {
      outside.remove();
    }
  });

  it('tells staff about queued, refused and late records', async () => {
    const outbox = await Outbox.open({
      dbName: `kiosk-outbox-${crypto.randomUUID()}`,
      lockName: `kiosk-outbox-${crypto.randomUUID()}`,
      send: async (batch) => batch.map((e, i) => (i === 0 ? { key: e.key, status: 'rejected' as const, reason: 'refused by the test' } : { key: e.key, status: 'retry' as const, reason: 'later' })),
    });
    for (let i = 0; i < 3; i++) await outbox.enqueue('printer-failure', 'exit-1/device', { reason: 'paper-out', message: 'x', atMs: Date.now() });
    await outbox.flush();
    const element = kiosk();
    element.outbox = outbox;
    await mount(element);
    const footer = () => element.shadowRoot!.querySelector('[part="footer"]')!.textContent!.replace(/\s+/g, ' ');
    while (!footer().includes('被平台拒绝')) await nextEvent(outbox, 'change', () => true, 2000).catch(() => element.updateComplete);
    expect(element.shadowRoot!.querySelector('lane-status-bar')!.outboxDepth).to.equal(2);
    expect(footer()).to.contain('1 条记录被平台拒绝');

    // Staff open the refused records with the PIN, see why, and put them back in the queue.
    while (!element.controller.config?.staffPin) await nextEvent(element, 'lane-state', () => true, 500).catch(() => element.updateComplete);
    element.shadowRoot!.querySelector<HTMLButtonElement>('button[part="outbox-alert"]')!.click();
    await element.updateComplete;
    const view = element.shadowRoot!.querySelector('lane-dead-letters')!;
    await view.updateComplete;
    view.shadowRoot!.querySelector<HTMLInputElement>('input[name="pin"]')!.value = '24682468';
    view.shadowRoot!.querySelector('form')!.requestSubmit();
    while (!view.shadowRoot!.querySelector('table')) await new Promise((resolve) => requestAnimationFrame(resolve));
    await view.updateComplete;
    expect(view.shadowRoot!.querySelector('tbody')!.textContent).to.contain('refused by the test');
    [...view.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === '重试')!.click();
    while ((await outbox.state()).deadLetters > 0) await nextEvent(outbox, 'change', () => true, 2000);
    expect((await outbox.state()).depth).to.equal(3);
    outbox.close();
  });
});
