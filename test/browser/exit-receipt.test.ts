/**
 * The exit receipt from the kiosk, in Chromium against the real proxy and simulators, through the
 * printer driver and the virtual printer: what the print report says reaches the operator.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import './exit-parts-defined.js';
import type { LaneStaffReleaseEvent, LaneStateEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneEventEnvelope } from '../../src/core/lane-events.js';
import { XPRINTER_XP80 } from '../../src/hardware/escpos/profiles.js';
import { PrinterDriver } from '../../src/hardware/printer-driver.js';
import { VirtualPrinter } from '../../src/hardware/virtual/virtual-printer.js';
import { Outbox } from '../../src/offline/outbox.js';
import { button, LANE, mount, nextEvent, parkedCar, payQuote, unmountAll } from './support.js';
import { tap, tapEntryTime, tapField, tapKeys, tapPin } from './touch.js';

const cleanups: Array<() => Promise<void> | void> = [];

describe('the exit receipt and its print report', () => {
  afterEach(async () => {
    unmountAll();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('a receipt the printer did not confirm (cable out after the cut) is printed once and reported to the operator', async () => {
    const { element, virtualPrinter, outbox, sent } = await exitKiosk();
    const quoted = nextEvent<LaneStateEvent>(element, 'lane-state', (e) => e.detail.state.name === 'quoted');
    element.controller.submitPlate(await parkedCar(50));
    const { state } = (await quoted).detail;
    const quote = state.name === 'quoted' ? state.quote : null;
    virtualPrinter.addEventListener('printed', () => virtualPrinter.addEventListener('status-request', () => virtualPrinter.channel.unplug(), { once: true }), { once: true });
    const farewell = nextEvent<LaneStateEvent>(element, 'lane-state', (e) => e.detail.state.name === 'farewell');
    await payQuote(quote!.quoteId, quote!.dueFen);
    await farewell;

    expect(virtualPrinter.receipts).to.have.length(1);
    expect(virtualPrinter.lastReceiptText().join('\n')).to.contain(quote!.plate);
    await outbox.flush();
    const failure = sent.find((e) => e.type === 'printer-failure');
    expect(failure?.stream).to.equal('exit-1/device');
    expect(failure?.payload).to.include({ reason: 'unconfirmed' });
  });

  it('a car staff release for cash gets a receipt of the bill they settled', async () => {
    const { element, virtualPrinter } = await exitKiosk();
    const plate = `沪Z${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`; // never parked: no entry record
    const quoted = nextEvent<LaneStateEvent>(element, 'lane-state', (e) => e.detail.state.name === 'quoted');
    element.controller.submitPlate(plate);
    await quoted;
    while (!element.controller.config?.staffPin) await nextEvent(element, 'lane-state', () => true, 500).catch(() => element.updateComplete);
    await element.updateComplete;
    button(element, /^\s*工作人员放行\s*$/).click();
    await element.updateComplete;
    const panel = element.shadowRoot!.querySelector('lane-staff-exit')!;
    await tapPin(panel, '24682468', nextEvent(panel, 'lane-staff-pin'));
    await tapEntryTime(panel, Date.now(), Date.now() - 100 * 60_000);
    await tapField(panel, 'amount');
    await tapKeys(panel, '12.50');
    const released = nextEvent<LaneStaffReleaseEvent>(element, 'lane-staff-release');
    const printed = nextEvent<CustomEvent>(virtualPrinter, 'printed');
    await tap(panel, '确认放行');
    expect((await released).detail.bill).to.include({ plate, amountFen: 1250, settlement: 'cash' });
    await printed;
    const text = virtualPrinter.lastReceiptText().join('\n');
    expect(text).to.contain(plate).and.contain('￥12.50').and.contain('现金（人工收费）');
    expect(text).to.not.contain('单号');
  });
});

async function exitKiosk() {
  const virtualPrinter = new VirtualPrinter('exit printer');
  const printer = new PrinterDriver(virtualPrinter.channel, { profile: XPRINTER_XP80, statusTimeoutMs: 300, stallTimeoutMs: 400 });
  await printer.start();
  const sent: LaneEventEnvelope[] = [];
  const outbox = await Outbox.open({
    dbName: `receipt-outbox-${crypto.randomUUID()}`,
    lockName: `receipt-outbox-${crypto.randomUUID()}`,
    send: async (batch) => (sent.push(...batch), batch.map((e) => ({ key: e.key, status: 'accepted' as const }))),
  });
  cleanups.push(() => printer.stop(), () => outbox.close());
  const element = document.createElement('lane-exit-kiosk');
  Object.assign(element, { proxyUrl: LANE.proxyUrl, lane: LANE.laneId, laneKey: LANE.laneKey, printer, outbox });
  await mount(element);
  return { element, virtualPrinter, outbox, sent };
}
