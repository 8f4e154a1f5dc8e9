/** The exit kiosk on the demo lane with a virtual scanner, and the waits and simulator controls its tests share. */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import './exit-parts-defined.js';
import type { LaneExitKiosk, LaneStateEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneStateName } from '../../src/core/lane-machine.js';
import { ScannerDriver } from '../../src/hardware/scanner-driver.js';
import { VirtualScanner } from '../../src/hardware/virtual/virtual-scanner.js';
import { LANE, mount, nextEvent, unmountAll } from './support.js';

const drivers: ScannerDriver[] = [];

/** `debounceMs: 0` lets a test scan the same code twice in a row, as a driver does after the double-read window. */
export async function kioskWithScanner(lane = LANE, options: { debounceMs?: number } = {}): Promise<{ element: LaneExitKiosk; scanner: VirtualScanner }> {
  const scanner = new VirtualScanner();
  const driver = new ScannerDriver(scanner.channel, { idleMs: 40, ...options });
  await driver.start();
  drivers.push(driver);
  const element = document.createElement('lane-exit-kiosk');
  element.proxyUrl = lane.proxyUrl;
  element.lane = lane.laneId;
  element.laneKey = lane.laneKey;
  element.scanner = driver;
  await mount(element);
  return { element, scanner };
}

export const reached = (element: EventTarget, name: LaneStateName, timeoutMs?: number) =>
  nextEvent<LaneStateEvent>(element, 'lane-state', (event) => event.detail.state.name === name, timeoutMs);

export const screenText = (element: LaneExitKiosk) => element.shadowRoot!.querySelector('[part="screen"]')!.textContent!.replace(/\s+/g, ' ');

export async function post(path: string, body: unknown, key?: string): Promise<Record<string, unknown>> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${path} answered ${response.status}`).to.equal(true);
  return (await response.json()) as Record<string, unknown>;
}

/** A car takes a ticket at the entry lane and has been parked for `minutes`. */
export async function ticketHolder(minutes: number): Promise<{ ticketNo: string; payload: string; license: string }> {
  const ticket = (await post('/v1/lanes/entry-1/tickets', {}, 'demo-lane-key-entry-1')) as { ticketNo: string; payload: string; license: string };
  await post('/sims/welink/_admin/backdate', { ticketNo: ticket.ticketNo, minutes });
  return ticket;
}

/** Unmounts the kiosks and stops their scanners. */
export async function stopKiosks(): Promise<void> {
  unmountAll();
  for (const driver of drivers.splice(0)) await driver.stop();
}
