/**
 * The wire format of the common CH340 "LCUS"-type USB serial relay boards that lift barrier gates:
 * four bytes per command, `A0`, the relay number, the state (01 closes the contact, 00 opens it) and
 * a checksum, the sum of the first three bytes mod 256. `A0 01 01 A2` switches relay 1 on,
 * `A0 01 00 A1` off. Pure, so the bytes are tested without a port.
 */

const RELAY_FRAME_START = 0xa0;

/** LCUS boards come with 1, 2, 4 or 8 relays, numbered from 1. */
export const MAX_RELAY = 8;

/**
 * Longest pulse accepted: beyond this a "pulse" is a barrier held open by hand. Here rather than
 * with the gate, so the kiosk's settings check it without loading the gate's code.
 */
export const MAX_PULSE_MS = 10_000;

export class RelayFrameError extends RangeError {
  override name = 'RelayFrameError';
}

/** Throws a RelayFrameError saying what is wrong unless `relay` names a relay an LCUS board can have. */
export function checkRelayNumber(relay: number): number {
  if (!Number.isInteger(relay) || relay < 1 || relay > MAX_RELAY) {
    throw new RelayFrameError(`relay ${relay} does not exist on an LCUS board: use 1 to ${MAX_RELAY}, as printed next to the relay`);
  }
  return relay;
}

/** The four bytes that switch `relay` on or off. */
export function relayFrame(relay: number, on: boolean): Uint8Array {
  const state = on ? 0x01 : 0x00;
  const number = checkRelayNumber(relay);
  return new Uint8Array([RELAY_FRAME_START, number, state, (RELAY_FRAME_START + number + state) & 0xff]);
}
