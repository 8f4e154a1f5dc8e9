/**
 * The barrier on real lanes, in Chromium against the real proxy and simulators: the exit and entry
 * kiosks lift it through a RelayGate over the virtual relay board, only when the lane decided the
 * car may go, and queue each opening as a `gate-open` lane event with its reason. The relay frames
 * are read back by this file's own decoder.
 *
 * Openings go through the gate one at a time, in order. So "the gate did not open" is proven
 * without waiting for nothing: after the flows that must not open it, one that must, and the
 * board and the outbox show that one opening alone.
 */
import { expect } from '@esm-bundle/chai';
import { cacheLaneConfig } from '../../src/client/config-cache.js';
import { LaneClient } from '../../src/client/lane-client.js';
import '../../src/components/lane-entry-kiosk/lane-entry-kiosk.js';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import './exit-parts-defined.js';
import type { LaneGateOpenEvent, LaneStateEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { GateOpenPayload, LaneEventEnvelope } from '../../src/core/lane-events.js';
import type { LaneStateName } from '../../src/core/lane-machine.js';
import { PlatformGate } from '../../src/hardware/gate.js';
import { RelayGate } from '../../src/hardware/relay-gate.js';
import { ScannerDriver } from '../../src/hardware/scanner-driver.js';
import { VirtualGate } from '../../src/hardware/virtual/virtual-gate.js';
import { VirtualScanner } from '../../src/hardware/virtual/virtual-scanner.js';
import { Outbox } from '../../src/offline/outbox.js';
import '../../kiosk-shell/demo-devices-panel.js';
import '../../src/components/lane-status-bar/lane-status-bar.js';
import { button, LANE, mount, nextEvent, parkedCar, payQuote, unmountAll } from './support.js';
import { tap, tapEntryTime, tapPin } from './touch.js';

const cleanups: Array<() => Promise<void> | void> = [];

/** The relay frames on the wire, read by hand: A0, relay, 00/01, low byte of the sum. */
function switches(bytes: number[]): string[] {
  expect(bytes.length % 4).to.equal(0);
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += 4) {
    const [start, relay, state, sum] = bytes.slice(at, at + 4) as [number, number, number, number];
    expect(start).to.equal(0xa0);
    expect(sum).to.equal((start + relay + state) % 256);
    out.push(`${relay}:${state === 1 ? 'on' : 'off'}`);
  }
  return out;
}

async function outboxCapturing() {
  const sent: LaneEventEnvelope[] = [];
  const outbox = await Outbox.open({
    dbName: `gate-outbox-${crypto.randomUUID()}`,
    lockName: `gate-outbox-${crypto.randomUUID()}`,
    send: async (batch) => (sent.push(...batch), batch.map((e) => ({ key: e.key, status: 'accepted' as const }))),
  });
  cleanups.push(() => outbox.close());
  /** Every gate-open event queued so far. */
  const gateEvents = async () => {
    await outbox.flush();
    return sent.filter((e) => e.type === 'gate-open');
  };
  return { outbox, sent, gateEvents };
}

async function relayRig(relay = 1) {
  const board = new VirtualGate('exit barrier', relay);
  const gate = new RelayGate(board.channel, { relay, pulseMs: 30, writeTimeoutMs: 200 });
  await gate.start();
  cleanups.push(() => gate.stop());
  return { board, gate };
}

async function exitKiosk(proxyUrl = LANE.proxyUrl) {
  const { board, gate } = await relayRig(3);
  const { outbox, sent, gateEvents } = await outboxCapturing();
  const scanner = new VirtualScanner();
  const driver = new ScannerDriver(scanner.channel, { idleMs: 40 });
  await driver.start();
  cleanups.push(() => driver.stop());
  const element = document.createElement('lane-exit-kiosk');
  element.proxyUrl = proxyUrl;
  element.lane = LANE.laneId;
  element.laneKey = LANE.laneKey;
  element.gate = gate;
  element.outbox = outbox;
  element.scanner = driver;
  await mount(element);
  return { element, board, gate, outbox, sent, gateEvents, scanner };
}

const reached = (element: EventTarget, name: LaneStateName) => nextEvent<LaneStateEvent>(element, 'lane-state', (event) => event.detail.state.name === name);
const gateOpened = (element: EventTarget) => nextEvent<LaneGateOpenEvent>(element, 'lane-gate-open').then((event) => event.detail.record);

async function post(path: string, body: unknown, key?: string): Promise<Record<string, unknown>> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
  expect(response.ok, `${path} answered ${response.status}`).to.equal(true);
  return (await response.json()) as Record<string, unknown>;
}

describe('the barrier gate on the lanes', () => {
  afterEach(async () => {
    unmountAll();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('opens once when the car has paid, and queues the opening with its reason and quote', async () => {
    const { element, board, gateEvents } = await exitKiosk();
    const plate = await parkedCar(50);
    const quoted = reached(element, 'quoted');
    element.controller.submitPlate(plate);
    const { state } = (await quoted).detail;
    const quote = state.name === 'quoted' ? state.quote : null;
    expect(quote?.status).to.equal('due');

    const opened = gateOpened(element);
    const up = nextEvent<CustomEvent<{ open: boolean }>>(board, 'barrier', (event) => event.detail.open);
    await payQuote(quote!.quoteId, quote!.dueFen);
    await up;
    const record = await opened;
    expect(record).to.deep.include({ reason: 'paid', plate, ref: quote!.quoteId, actuator: 'relay', result: 'opened' });
    expect(switches(board.received), 'start: off; paid: on, off').to.deep.equal(['3:off', '3:on', '3:off']);
    expect(board.barrierOpen).to.equal(false);

    const events = await gateEvents();
    expect(events).to.have.length(1);
    expect(events[0]!.key).to.equal(`gate-paid-${quote!.quoteId}`);
    expect(events[0]!.stream).to.equal('exit-1/gate');
    expect(events[0]!.payload as GateOpenPayload).to.deep.include({ reason: 'paid', result: 'opened', ref: quote!.quoteId });
  });

  it('stays down on a quote, a refused plate, a car with no entry record and a forged ticket; the next free exit is the one opening', async () => {
    const { element, board, gateEvents, scanner } = await exitKiosk();
    const quoted = reached(element, 'quoted');
    element.controller.submitPlate(await parkedCar(50));
    expect((await quoted).detail.state).to.deep.include({ name: 'quoted' });
    element.controller.send({ type: 'pay-requested' });
    element.reset();

    const refused = reached(element, 'error');
    element.controller.submitPlate('沪AI2345');
    await refused;
    element.reset();

    const unknownCar = reached(element, 'quoted');
    element.controller.submitPlate(`沪Z${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`); // never parked
    const unknown = (await unknownCar).detail.state;
    expect(unknown.name === 'quoted' && unknown.quote.status).to.equal('no-entry-record');
    element.controller.send({ type: 'leave' });
    element.reset();

    const ticket = (await post('/v1/lanes/entry-1/tickets', {}, 'demo-lane-key-entry-1')) as { payload: string };
    const forged = reached(element, 'error');
    await scanner.scan(`${ticket.payload.slice(0, -4)}AAAA`);
    await forged;
    element.reset();

    // The sentinel: a car inside its free minutes leaves, and that is the gate's first and only opening.
    const freeCar = await parkedCar(5);
    const free = reached(element, 'quoted');
    element.controller.submitPlate(freeCar);
    const freeState = (await free).detail.state;
    expect(freeState.name === 'quoted' && freeState.quote.status).to.equal('nothing-to-pay');
    await element.updateComplete;
    const opened = gateOpened(element);
    button(element, /确认离场/).click();
    expect(await opened).to.deep.include({ reason: 'free', plate: freeCar, result: 'opened' });
    expect(switches(board.received)).to.deep.equal(['3:off', '3:on', '3:off']);
    expect(board.openings).to.equal(1);
    expect((await gateEvents()).map((e) => (e.payload as GateOpenPayload).reason)).to.deep.equal(['free']);
  });

  it("a ticket the platform's lane authentication releases (nothing due) opens the gate as platform-release", async () => {
    const { element, board, gateEvents, scanner } = await exitKiosk();
    const ticket = (await post('/v1/lanes/entry-1/tickets', {}, 'demo-lane-key-entry-1')) as { payload: string; license: string };
    const opened = gateOpened(element);
    await scanner.scan(ticket.payload);
    expect(await opened).to.deep.include({ reason: 'platform-release', plate: ticket.license, ref: null, result: 'opened' });
    expect(switches(board.received)).to.deep.equal(['3:off', '3:on', '3:off']);
    expect((await gateEvents()).map((e) => (e.payload as GateOpenPayload).reason)).to.deep.equal(['platform-release']);
  });

  it('a lane given its gate and outbox a moment after its first screen lifts the barrier for a car released in that moment, and records it', async () => {
    const rig = await exitKiosk();
    unmountAll();
    const element = document.createElement('lane-exit-kiosk');
    Object.assign(element, { proxyUrl: LANE.proxyUrl, lane: LANE.laneId, laneKey: LANE.laneKey });
    let equipped!: () => void;
    element.equipped = new Promise<void>((resolve) => (equipped = resolve));
    await mount(element);
    const ticket = (await post('/v1/lanes/entry-1/tickets', {}, 'demo-lane-key-entry-1')) as { payload: string; license: string };
    const farewell = reached(element, 'farewell');
    const opened = gateOpened(element);
    element.controller.submitTicket(ticket.payload);
    await farewell;
    // The lane has let the car go; only now does the page hand over its devices.
    Object.assign(element, { gate: rig.gate, outbox: rig.outbox });
    equipped();
    expect(await opened).to.deep.include({ reason: 'platform-release', plate: ticket.license, result: 'opened' });
    expect(switches(rig.board.received)).to.deep.equal(['3:off', '3:on', '3:off']);
    expect((await rig.gateEvents()).map((e) => (e.payload as GateOpenPayload).reason)).to.deep.equal(['platform-release']);
  });

  it('offline, staff release the car by hand: the bill and the leave are queued, then the gate opens and that is queued too', async () => {
    // The lane learned its config (tariff, staff PIN) while it was online.
    cacheLaneConfig(await new LaneClient({ proxyUrl: LANE.proxyUrl, laneId: LANE.laneId, laneKey: LANE.laneKey }).config());
    const { element, board, sent, gateEvents } = await exitKiosk('http://127.0.0.1:9');
    const failed = reached(element, 'error');
    element.controller.submitPlate('沪A12345');
    await failed;
    await element.updateComplete;

    button(element, /工作人员放行/).click();
    await element.updateComplete;
    const panel = element.shadowRoot!.querySelector('lane-staff-exit')!;
    await panel.updateComplete;
    await tapPin(panel, '24682468', nextEvent(panel, 'lane-staff-pin'));
    await tapEntryTime(panel, Date.now(), Date.now() - 90 * 60_000);

    const opened = gateOpened(element);
    await tap(panel, '确认放行');
    expect(await opened).to.deep.include({ reason: 'staff-release', plate: '沪A12345', actuator: 'relay', result: 'opened' });
    expect(switches(board.received), 'the error screen never opened it; the release did, once').to.deep.equal(['3:off', '3:on', '3:off']);
    expect((await gateEvents()).map((e) => (e.payload as GateOpenPayload).reason)).to.deep.equal(['staff-release']);
    expect(sent.map((e) => e.type), 'the bill and the leave were queued before the gate opened').to.deep.equal(['offline-bill', 'leave', 'gate-open']);
    // The opening names the bill that says who released the car: each release its own record.
    expect((sent[2]!.payload as GateOpenPayload).ref).to.equal(`bill:${sent[0]!.key}`);
  });

  it('a gate that fails to open is recorded as failed, and the status bar says so', async () => {
    const { element, board, gate, gateEvents } = await exitKiosk();
    const quoted = reached(element, 'quoted');
    element.controller.submitPlate(await parkedCar(5));
    await quoted;
    board.channel.unplug();
    await element.updateComplete;
    const bar = element.shadowRoot!.querySelector('lane-status-bar')!;
    await bar.updateComplete;
    expect(gate.status.health).to.equal('offline');
    expect(bar.shadowRoot!.querySelector('[data-chip="gate"]')!.textContent).to.contain('道闸 未连接');

    const opened = gateOpened(element);
    const announced = nextEvent<CustomEvent<{ text: string }>>(element, 'lane-announce', (event) => event.detail.text.includes('道闸'));
    element.controller.send({ type: 'leave' });
    const record = await opened;
    expect(record).to.deep.include({ reason: 'free', result: 'failed' });
    expect(record.message).to.match(/not plugged in/);
    expect((await gateEvents()).map((e) => (e.payload as GateOpenPayload).result)).to.deep.equal(['failed']);

    // The driver is told, and can call staff; the note stays after the farewell, until the next car.
    expect((await announced).detail.text).to.equal('道闸未能打开，请呼叫工作人员');
    await reached(element, 'idle');
    await element.updateComplete;
    const alert = element.shadowRoot!.querySelector('[part="gate-alert"]')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('道闸未能打开');
    const called = nextEvent(element, 'lane-call-staff');
    alert.querySelector('button')!.click();
    await called;
    const next = reached(element, 'identifying');
    element.controller.submitPlate(await parkedCar(5));
    await next;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="gate-alert"]')).to.equal(null);
  });

  it('in platform mode the kiosk sends nothing to any relay but records the decision as delegated', async () => {
    const { outbox, gateEvents } = await outboxCapturing();
    const element = document.createElement('lane-exit-kiosk');
    element.proxyUrl = LANE.proxyUrl;
    element.lane = LANE.laneId;
    element.laneKey = LANE.laneKey;
    element.gate = new PlatformGate();
    element.outbox = outbox;
    await mount(element);
    const quoted = reached(element, 'quoted');
    element.controller.submitPlate(await parkedCar(5));
    await quoted;
    const opened = gateOpened(element);
    element.controller.send({ type: 'leave' });
    expect(await opened).to.deep.include({ reason: 'free', actuator: 'platform', result: 'delegated' });
    expect((await gateEvents()).map((e) => (e.payload as GateOpenPayload).actuator)).to.deep.equal(['platform']);
    await element.updateComplete;
    const bar = element.shadowRoot!.querySelector('lane-status-bar')!;
    expect(bar.chips().map((c) => c.name), "the platform's barrier is not the kiosk's to report").to.not.include('gate');
  });

  it('the entry lane opens its gate once the car has its ticket, and records it by ticket number', async () => {
    const { board, gate } = await relayRig(1);
    const { outbox, gateEvents } = await outboxCapturing();
    const element = document.createElement('lane-entry-kiosk');
    element.proxyUrl = location.origin;
    element.lane = 'entry-1';
    element.laneKey = 'demo-lane-key-entry-1';
    element.gate = gate;
    element.outbox = outbox;
    await mount(element);
    const opened = gateOpened(element);
    const issued = nextEvent<CustomEvent<{ entry: { ticketNo: string } }>>(element, 'lane-ticket');
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="press"]')!.click();
    const { entry } = (await issued).detail;
    expect(await opened).to.deep.include({ reason: 'entry-ticket', ref: entry.ticketNo, result: 'opened' });
    expect(switches(board.received)).to.deep.equal(['1:off', '1:on', '1:off']);
    const events = await gateEvents();
    expect(events.map((e) => e.key)).to.deep.equal([`gate-entry-ticket-${entry.ticketNo}`.replace(/[^\w.:-]/g, '_')]);
    expect(element.shadowRoot!.querySelector('[part="gate-alert"]')).to.equal(null);

    // The board is unplugged: the next car gets its ticket, the failure is recorded and shown.
    board.channel.unplug();
    const failed = gateOpened(element);
    element.reset();
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="press"]')!.click();
    expect(await failed).to.deep.include({ reason: 'entry-ticket', result: 'failed' });
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="gate-alert"]')!.textContent).to.contain('道闸未能打开');
  });

  it('the status bar shows the gate ready, unplugged (warn) or stuck (bad), and no chip for a lane without one', async () => {
    const bar = await mount(document.createElement('lane-status-bar'));
    const chip = () => bar.chips().find((c) => c.name === 'gate');
    expect(chip()).to.equal(undefined);
    bar.gate = { health: 'ok', relayOn: false, message: null };
    expect(chip()).to.include({ text: '道闸 正常', health: 'ok' });
    bar.gate = { health: 'offline', relayOn: false, message: 'unplugged' };
    expect(chip()).to.include({ text: '道闸 未连接', health: 'warn' });
    bar.gate = { health: 'error', relayOn: true, message: 'stuck' };
    expect(chip()).to.include({ text: '道闸 故障', health: 'bad' });
  });

  it("the demo devices panel shows the virtual barrier lift on the relay's on frame and drop after the pulse", async () => {
    const { board, gate } = await relayRig(1);
    const panel = document.createElement('lane-demo-devices-panel');
    panel.gateBoard = board;
    await mount(panel);
    const barrier = () => panel.shadowRoot!.querySelector('[part="barrier"]');
    const text = () => panel.shadowRoot!.textContent!.replace(/\s+/g, ' ');

    const up = nextEvent<CustomEvent<{ open: boolean }>>(board, 'barrier', (event) => event.detail.open);
    const opening = gate.open();
    await up;
    await panel.updateComplete;
    // It never opens by itself over the driver's screen: the tab only shows a mark until opened by hand.
    expect(panel.open, 'the panel stays closed').to.equal(false);
    expect(panel.shadowRoot!.querySelector('button.tab .news'), 'the tab marks the movement').to.not.equal(null);
    panel.shadowRoot!.querySelector<HTMLButtonElement>('button.tab')!.click();
    await panel.updateComplete;
    expect(barrier()!.hasAttribute('data-open')).to.equal(true);
    expect(text()).to.contain('已抬杆');
    expect(text()).to.contain('A0 01 01 A2 → 1 ON');

    await opening;
    await panel.updateComplete;
    expect(barrier()!.hasAttribute('data-open')).to.equal(false);
    expect(text()).to.contain('已落杆 · 开闸 1 次');
    expect(text()).to.contain('A0 01 00 A1 → 1 OFF');
  });
});
