/**
 * RelayGate against the virtual relay board over the byte channel, in Chromium. The bytes on the
 * wire are read by this file's own decoder and compared with frames written out by hand, never
 * with the driver's frame builder.
 */
import { expect } from '@esm-bundle/chai';
import { GateError, type GateStatus } from '../../src/hardware/gate.js';
import { RelayGate } from '../../src/hardware/relay-gate.js';
import { VirtualGate } from '../../src/hardware/virtual/virtual-gate.js';
import { nextEvent } from './support.js';

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

/** 4-byte LCUS frames: A0, relay, 00 or 01, and the low byte of the sum of the three. */
function decodeFrames(bytes: number[]): Array<{ relay: number; on: boolean }> {
  expect(bytes.length % 4, `${bytes.length} bytes are not whole frames`).to.equal(0);
  const frames: Array<{ relay: number; on: boolean }> = [];
  for (let at = 0; at < bytes.length; at += 4) {
    const [start, relay, state, sum] = bytes.slice(at, at + 4) as [number, number, number, number];
    expect(start, 'start byte').to.equal(0xa0);
    expect([0, 1], 'state byte').to.include(state);
    expect(sum, 'checksum').to.equal((start + relay + state) % 256);
    frames.push({ relay, on: state === 1 });
  }
  return frames;
}

const drivers: RelayGate[] = [];

async function rig(options: { relay?: number; stalledAtStart?: boolean } = {}): Promise<{ board: VirtualGate; gate: RelayGate }> {
  const board = new VirtualGate('Virtual gate', options.relay ?? 1);
  if (options.stalledAtStart) board.stall(true);
  const gate = new RelayGate(board.channel, { relay: options.relay ?? 1, pulseMs: 30, writeTimeoutMs: 100, offRetryMs: 20 });
  drivers.push(gate);
  await gate.start();
  return { board, gate };
}

const statusIs = (gate: RelayGate, health: GateStatus['health']) =>
  gate.status.health === health ? Promise.resolve() : nextEvent<CustomEvent<GateStatus>>(gate, 'status', (event) => event.detail.health === health).then(() => {});

async function rejection(promise: Promise<unknown>): Promise<GateError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(GateError);
    return error as GateError;
  }
  throw new Error('expected the opening to fail');
}

describe('RelayGate with the virtual relay board', () => {
  afterEach(async () => {
    for (const driver of drivers.splice(0)) await driver.stop();
  });

  it('switches its relay off on start, then pulses: on, then off, in LCUS frames', async () => {
    const { board, gate } = await rig({ relay: 2 });
    expect(hex(board.received)).to.equal('A0 02 00 A2');
    expect(gate.status).to.deep.equal({ health: 'ok', relayOn: false, message: null });

    const seen: string[] = [];
    let resolved = false;
    board.addEventListener('barrier', (event) => seen.push(`barrier ${(event as CustomEvent<{ open: boolean }>).detail.open ? 'up' : 'down'}${resolved ? ' (after open resolved)' : ''}`));
    await gate.open().then(() => (resolved = true));
    expect(seen).to.deep.equal(['barrier up', 'barrier down']);
    expect(hex(board.received)).to.equal('A0 02 00 A2 A0 02 01 A3 A0 02 00 A2');
    expect(decodeFrames(board.received)).to.deep.equal([
      { relay: 2, on: false },
      { relay: 2, on: true },
      { relay: 2, on: false },
    ]);
    expect(board.badFrames).to.equal(0);
    expect(board.openings).to.equal(1);
    expect(gate.status.relayOn).to.equal(false);
  });

  it('two openings asked for at once are two pulses, one after the other', async () => {
    const { board, gate } = await rig();
    await Promise.all([gate.open(), gate.open()]);
    expect(decodeFrames(board.received).map((f) => (f.on ? 'on' : 'off'))).to.deep.equal(['off', 'on', 'off', 'on', 'off']);
    expect(board.openings).to.equal(2);
  });

  it('sends "off" on a reopened port when the line breaks while the barrier is up', async () => {
    const { board, gate } = await rig();
    board.addEventListener('relay', (event) => (event as CustomEvent<{ on: boolean }>).detail.on && board.breakLine(), { once: true });
    await gate.open();
    expect(decodeFrames(board.received).map((f) => (f.on ? 'on' : 'off'))).to.deep.equal(['off', 'on', 'off']);
    expect(board.barrierOpen).to.equal(false);
    expect(gate.status.health).to.equal('ok');
  });

  it('a line that broke before the opening is reopened, and the car still gets its pulse', async () => {
    const { board, gate } = await rig();
    board.breakLine();
    await gate.open();
    expect(decodeFrames(board.received).map((f) => (f.on ? 'on' : 'off'))).to.deep.equal(['off', 'on', 'off']);
    expect(board.openings).to.equal(1);
  });

  it('a line that jams with the barrier up ends the opening as stuck-on within its bounds, and lowers it once the line is free', async () => {
    const { board, gate } = await rig();
    board.addEventListener('relay', (event) => (event as CustomEvent<{ on: boolean }>).detail.on && board.stall(true), { once: true });
    const failure = await rejection(gate.open());
    expect(failure.reason).to.equal('stuck-on');
    expect(failure.message).to.match(/may stay up/);
    expect(gate.status).to.include({ health: 'error', relayOn: true });
    expect(board.barrierOpen, 'the board never got "off"').to.equal(true);

    const lowered = nextEvent<CustomEvent<{ open: boolean }>>(board, 'barrier', (event) => !event.detail.open);
    board.stall(false);
    await lowered;
    await statusIs(gate, 'ok');
    expect(gate.status.relayOn).to.equal(false);
    await gate.open();
    expect(board.openings).to.equal(2);
  });

  it('start() returns against a board jammed when opened; openings fail within their bounds and it recovers', async () => {
    const { board, gate } = await rig({ stalledAtStart: true });
    expect(gate.status.health).to.equal('error');
    expect((await rejection(gate.open())).reason).to.equal('stuck-on');
    expect(board.received).to.deep.equal([], 'nothing got through the jammed line');
    board.stall(false);
    await statusIs(gate, 'ok');
    await gate.open();
    expect(board.openings).to.equal(1);
  });

  it('a board unplugged mid-pulse fails the opening as offline; plugged back in, it is switched off and ready', async () => {
    const { board, gate } = await rig();
    board.addEventListener('relay', (event) => (event as CustomEvent<{ on: boolean }>).detail.on && board.channel.unplug(), { once: true });
    const failure = await rejection(gate.open());
    expect(failure.reason).to.equal('offline');
    expect(gate.status).to.include({ health: 'offline', relayOn: false });
    expect(board.barrierOpen, 'an unpowered board drops its relays').to.equal(false);

    const before = board.received.length;
    board.channel.plug();
    await statusIs(gate, 'ok');
    expect(decodeFrames(board.received.slice(before))).to.deep.equal([{ relay: 1, on: false }]);
  });

  it('refuses a relay the board cannot have and a pulse no barrier wants', () => {
    const board = new VirtualGate();
    expect(() => new RelayGate(board.channel, { relay: 9 })).to.throw(/use 1 to 8/);
    expect(() => new RelayGate(board.channel, { pulseMs: 0 })).to.throw(/pulseMs/);
    expect(() => new RelayGate(board.channel, { pulseMs: 60_000 })).to.throw(/pulseMs/);
  });
});
