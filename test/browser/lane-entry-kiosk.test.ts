/**
 * <lane-entry-kiosk> against the real proxy and simulators: the ticket printed on the virtual
 * printer (read back by its own ESC/POS parser), the arrival queued, a full lot, a reservation
 * that still gets in, a ticket shown on screen when the paper is out, language and axe.
 */
import { expect } from '@esm-bundle/chai';
import jsQR from 'jsqr';
import '../../src/components/lane-entry-kiosk/lane-entry-kiosk.js';
import type { LaneEntryKiosk, LaneEntryStateEvent, LaneTicketEvent } from '../../src/components/lane-entry-kiosk/lane-entry-kiosk.js';
import type { LaneEventEnvelope } from '../../src/core/lane-events.js';
import { GENERIC_80MM } from '../../src/hardware/escpos/profiles.js';
import { PrinterDriver } from '../../src/hardware/printer-driver.js';
import { VirtualPrinter } from '../../src/hardware/virtual/virtual-printer.js';
import { Outbox } from '../../src/offline/outbox.js';
import { expectNoA11yViolations } from './a11y.js';
import { mount, nextEvent, unmountAll } from './support.js';

const ENTRY = { laneId: 'entry-1', laneKey: 'demo-lane-key-entry-1' };
const cleanups: Array<() => Promise<void> | void> = [];

async function entryKiosk(plate: string | null = null, lane = ENTRY) {
  const virtualPrinter = new VirtualPrinter('entry printer');
  const printer = new PrinterDriver(virtualPrinter.channel, { profile: GENERIC_80MM, statusTimeoutMs: 300, stallTimeoutMs: 400 });
  await printer.start();
  const sent: LaneEventEnvelope[] = [];
  const outbox = await Outbox.open({
    dbName: `entry-outbox-${crypto.randomUUID()}`,
    lockName: `entry-outbox-${crypto.randomUUID()}`,
    send: async (batch) => (sent.push(...batch), batch.map((e) => ({ key: e.key, status: 'accepted' as const }))),
  });
  cleanups.push(() => printer.stop(), () => outbox.close());
  const element = document.createElement('lane-entry-kiosk');
  element.proxyUrl = location.origin;
  element.lane = lane.laneId;
  element.laneKey = lane.laneKey;
  element.plate = plate;
  element.printer = printer;
  element.outbox = outbox;
  await mount(element);
  return { element, virtualPrinter, outbox, sent };
}

const press = (element: LaneEntryKiosk) => element.shadowRoot!.querySelector<HTMLButtonElement>('[part="press"]')!.click();
const screenText = (element: LaneEntryKiosk) => element.shadowRoot!.querySelector('[part="screen"]')!.textContent!.replace(/\s+/g, ' ');
const admin = (path: string, body: unknown) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('<lane-entry-kiosk>', () => {
  afterEach(async () => {
    unmountAll();
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await admin('/sims/welink/_admin/spaces', { free: null });
  });

  it('press → the ticket prints with a QR the exit accepts, and the arrival is queued for the platforms', async () => {
    const { element, virtualPrinter, outbox, sent } = await entryKiosk();
    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    press(element);
    const { entry, printed, reason } = (await issued).detail;
    expect(printed).to.equal(true);
    expect(reason).to.equal('space');
    expect(entry.plate, 'the platform’s temporary credential').to.match(/^QB0\d+$/);

    const paper = virtualPrinter.receipts.at(-1)!;
    const text = paper.filter((b) => b.kind === 'text').map((b) => (b as { text: string }).text).join('\n');
    expect(text).to.contain('入场凭证');
    expect(text).to.contain(entry.ticketNo);
    const code = paper.find((b) => b.kind === 'qr') as { data: string };
    expect(code.data).to.equal(entry.payload);
    const verified = await fetch('/v1/lanes/exit-1/tickets/verify', {
      method: 'POST',
      headers: { authorization: 'Bearer demo-lane-key-exit-1', 'content-type': 'application/json' },
      body: JSON.stringify({ payload: code.data }),
    });
    expect(verified.status).to.equal(200);

    await element.updateComplete;
    expect(screenText(element)).to.contain('请取票入场');
    const bar = element.shadowRoot!.querySelector('lane-status-bar')!.shadowRoot!;
    expect(bar.querySelector('[data-chip="scanner"]'), 'an entry lane has no scanner to report').to.equal(null);
    const clock = bar.querySelector('[data-chip="clock"]')!;
    expect(clock.textContent, 'the skew is measured against the proxy with the config').to.match(/^时钟偏差 (准确|[快慢] \d 秒)$/);
    await outbox.flush();
    expect(sent.map((e) => [e.type, (e.payload as { plate: string }).plate])).to.deep.equal([['arrive', entry.plate]]);
  });

  it('a driver who switched to English gets their ticket in English; the lane is Chinese again for the next car', async () => {
    const { element } = await entryKiosk();
    [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'English')!.click();
    await element.updateComplete;
    expect(element.locale).to.equal('en');
    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    press(element);
    await issued;
    await element.updateComplete;
    expect(element.locale, 'the ticket screen stays in the driver’s language').to.equal('en');
    const idle = nextEvent<LaneEntryStateEvent>(element, 'lane-entry-state', (e) => e.detail.state.name === 'idle');
    element.reset();
    await idle;
    expect(element.locale).to.equal('zh-CN');
  });

  it('a full lot turns a car away; a car whose driver reserved a minute ago gets its ticket', async () => {
    await admin('/sims/welink/_admin/spaces', { free: 0 });
    const { element } = await entryKiosk('沪E24680');
    const full = nextEvent(element, 'lane-lot-full');
    press(element);
    expect((await full as CustomEvent).detail).to.deep.equal({ plate: '沪E24680' });
    await element.updateComplete;
    expect(screenText(element)).to.contain('车位已满');
    // The driver turned away asks for help: the lane rings the lot's remote attendants.
    const asked = nextEvent(element, 'lane-call-staff');
    [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('呼叫工作人员'))!.click();
    await asked;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('lane-call-status')!.state).to.equal('ringing');
    element.attendant.hangUp();

    [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('返回'))!.click();
    await admin('/sims/shanghai/_admin/reservation', { plateId: '沪E13579' });
    element.plate = '沪E13579'; // the next car at the barrier
    await element.updateComplete;
    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    press(element);
    const { detail } = await issued;
    expect(detail.reason).to.equal('reservation');
    expect(detail.entry.plate).to.equal('沪E13579');
    await element.updateComplete;
    expect(screenText(element)).to.contain('预约车辆');
  });

  it('with the proxy out of reach, 呼叫工作人员 on the fault screen says on that screen that staff cannot be called now', async () => {
    localStorage.removeItem('lane-kiosk.config.entry-1');
    const element = document.createElement('lane-entry-kiosk');
    Object.assign(element, { proxyUrl: 'http://127.0.0.1:9', lane: 'entry-1', laneKey: 'demo-lane-key-entry-1' });
    await mount(element);
    const failed = nextEvent<LaneEntryStateEvent>(element, 'lane-entry-state', (e) => e.detail.state.name === 'error');
    element.requestTicket();
    await failed;
    await element.updateComplete;
    const asked = nextEvent(element, 'lane-call-staff');
    [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('呼叫工作人员'))!.click();
    await asked;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="staff-note"]')!.textContent).to.equal('网络中断，暂时无法呼叫工作人员', 'no phone known without a config: said plainly, never that staff were told');
    expect(element.shadowRoot!.querySelector('lane-call-status')).to.equal(null, 'no remote desk to ring while the proxy is away');
  });

  it('an unsure camera read is shown for the driver to confirm; the press admits the car by that plate, in a lot with its own tariff', async () => {
    const LOCAL = { laneId: 'local-entry-1', laneKey: 'demo-lane-key-local-entry-1' };
    const streamOpen = nextEvent<CustomEvent<{ status: string }>>(document, 'lane-stream', (e) => e.detail.status === 'open');
    const { element, outbox, sent } = await entryKiosk(null, LOCAL);
    await streamOpen;
    const taken = nextEvent(element, 'lane-plate-read');
    const read = await fetch(`/v1/lanes/${LOCAL.laneId}/plate-reads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LOCAL.laneKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plate: '沪L 40001', confidence: 0.42, time: Date.now() }),
    });
    expect((await read.json()).confirm).to.equal(true);
    await taken;
    await element.updateComplete;
    expect(element.state.name, 'an unsure read waits for the driver').to.equal('idle');
    expect(element.shadowRoot!.querySelector('[part="plate"]')!.textContent).to.equal('沪L40001');
    expect(element.shadowRoot!.querySelector('[part="plate-suggestion"]')!.textContent).to.contain('无误请按键取票');

    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    press(element);
    expect((await issued).detail.entry.plate).to.equal('沪L40001');
    await outbox.flush();
    expect(sent.map((e) => [e.type, (e.payload as { plate: string }).plate])).to.deep.include(['arrive', '沪L40001']);
    const quote = await fetch(`/v1/lanes/local-exit-1/quotes`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-lane-key-local-exit-1', 'content-type': 'application/json' },
      body: JSON.stringify({ plate: '沪L40001' }),
    });
    expect((await quote.json()).status, 'the local lot knows the car by its plate').to.not.equal('no-entry-record');
  });

  it('a lane given its printer and outbox a moment after its first screen (as the kiosk shell does) prints its first ticket on them', async () => {
    const rig = await entryKiosk();
    const { printer, outbox } = rig.element;
    unmountAll();
    const element = document.createElement('lane-entry-kiosk');
    Object.assign(element, { proxyUrl: location.origin, lane: ENTRY.laneId, laneKey: ENTRY.laneKey });
    let equipped!: () => void;
    element.equipped = new Promise<void>((resolve) => (equipped = resolve));
    await mount(element);
    const issuing = nextEvent<LaneEntryStateEvent>(element, 'lane-entry-state', (e) => e.detail.state.name === 'issuing');
    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    press(element);
    await issuing;
    // The shell hands its devices over once the driver's first moments have passed; the proxy answers far sooner.
    setTimeout(() => {
      Object.assign(element, { printer, outbox });
      equipped();
    }, 300);
    const { entry, printed } = (await issued).detail;
    expect(printed, 'on paper, not only on screen').to.equal(true);
    expect(rig.virtualPrinter.receipts.at(-1)!.some((b) => b.kind === 'qr' && b.data === entry.payload)).to.equal(true);
    await outbox!.flush();
    expect(rig.sent.map((e) => [e.type, (e.payload as { plate: string }).plate]), 'the arrival is recorded').to.deep.equal([['arrive', entry.plate]]);
  });

  it('with the paper out, the ticket shows on screen as a QR that decodes to the signed ticket', async () => {
    const { element, virtualPrinter, outbox, sent } = await entryKiosk();
    const paperOut = nextEvent<CustomEvent<{ paperEnd: boolean }>>(element.printer!, 'status', (e) => e.detail.paperEnd);
    virtualPrinter.setState({ paperEnd: true });
    await paperOut;
    await element.updateComplete;
    const bar = element.shadowRoot!.querySelector('lane-status-bar')!;
    await bar.updateComplete;
    expect(bar.shadowRoot!.querySelector('[data-chip="printer"]')!.textContent, 'the status bar follows the printer').to.contain('缺纸');
    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    press(element);
    const { entry, printed } = (await issued).detail;
    expect(printed).to.equal(false);
    await element.updateComplete;
    const qr = element.shadowRoot!.querySelector('[part="ticket-qr"]')!;
    await nextEvent(qr, 'lane-qr-rendered');
    const canvas = qr.shadowRoot!.querySelector('canvas')!;
    const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    expect(jsQR(image.data, image.width, image.height)?.data).to.equal(entry.payload);
    expect(screenText(element)).to.contain('出票失败');
    await outbox.flush();
    expect(sent.map((e) => e.type).sort()).to.deep.equal(['arrive', 'printer-failure']);
  });

  it('a ticket whose bytes were all written counts as printed; the printer not confirming it is reported to the operator', async () => {
    const { element, virtualPrinter, outbox, sent } = await entryKiosk();
    // The cable comes out after the cut, while the driver asks for the final status.
    virtualPrinter.addEventListener('printed', () => virtualPrinter.addEventListener('status-request', () => virtualPrinter.channel.unplug(), { once: true }), { once: true });
    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    press(element);
    expect((await issued).detail.printed).to.equal(true);
    expect(virtualPrinter.receipts).to.have.length(1);
    await outbox.flush();
    const failure = sent.find((e) => e.type === 'printer-failure');
    expect(failure?.payload).to.include({ reason: 'unconfirmed' });
    expect((failure!.payload as { message: string }).message).to.contain('did not confirm');
  });

  it('switches to English, passes axe, and returns to idle from every screen', async () => {
    const { element } = await entryKiosk();
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="locale-switch"]')!.click();
    await element.updateComplete;
    expect(screenText(element)).to.contain('Press for a ticket');
    await expectNoA11yViolations(element);
    expect(element.shadowRoot!.querySelector('[part="press"]')!.getBoundingClientRect().height).to.be.at.least(96);
    const printed = nextEvent<LaneEntryStateEvent>(element, 'lane-entry-state', (e) => e.detail.state.name === 'printed');
    press(element);
    await printed;
    await element.updateComplete;
    await expectNoA11yViolations(element);
  });
});
