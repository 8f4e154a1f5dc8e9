/**
 * What the lane needs once its screen is up, loaded after the first paint so a driver never waits
 * for it: the durable outbox, the printer, scanner and barrier (the demo's virtual ones with their
 * panel, or real serial devices), the staff settings opener, the watchdog and the outbox report.
 */
import { cachedLaneConfig } from '../src/client/config-cache.js';
import { LaneClient } from '../src/client/lane-client.js';
import { profileById } from '../src/hardware/escpos/profiles.js';
import type { GateOpenPayload } from '../src/core/lane-events.js';
import { openGateFor, type LaneGate } from '../src/hardware/gate.js';
import { PortMemory } from '../src/hardware/port-memory.js';
import { Outbox } from '../src/offline/outbox.js';
import { serialSource, startGate, startSerialDevices, startVirtualDevices, type LaneDevices } from './devices.js';
import type { LaneScreen } from './main.js';
import { installSettingsOpener } from './settings-opener.js';
import type { ShellSettings } from './settings.js';
import { startWatchdog } from './watchdog.js';

/** The demo's device panel, for a lane on virtual hardware (a lane on real devices never loads it); main.ts fetches it with this file. */
const demoPanelCode = () => import('./demo-devices-panel.js');

export async function equipLane(screen: LaneScreen, settings: ShellSettings): Promise<void> {
  startWatchdog(screen);
  const client = new LaneClient({ proxyUrl: settings.proxyUrl, laneId: settings.lane, laneKey: settings.laneKey, timeoutMs: 4000 });

  // Every lane event goes through the durable outbox; whichever tab holds the lock flushes it.
  const outbox = await Outbox.open({ dbName: `lane-kiosk-outbox-${settings.lane}`, lockName: `lane-kiosk-outbox-${settings.lane}`, send: (batch) => client.deliver(batch) });
  outbox.lead();
  screen.outbox = outbox;
  reportOutboxStatus(client, outbox);

  let devices: LaneDevices = { printer: null, scanner: null };
  const useDevices = (found: LaneDevices) => {
    devices = found;
    screen.printer = found.printer;
    if (screen.localName === 'lane-exit-kiosk') (screen as HTMLElementTagNameMap['lane-exit-kiosk']).scanner = found.scanner;
  };
  const memory = settings.hardware === 'serial' ? await serialMemory() : null;
  let gate: LaneGate | null = null;
  const gateBoard = await startGate(settings.gate, settings.hardware === 'virtual' ? 'virtual' : memory, (ready) => (gate = screen.gate = ready));
  if (settings.hardware === 'virtual') {
    const virtual = await startVirtualDevices(profileById(settings.printerProfile));
    useDevices(virtual);
    // A panel whose code did not come leaves the lane its devices, outbox and settings all the same.
    if (await demoPanelCode().catch(() => null)) {
      const panel = document.createElement('lane-demo-devices-panel');
      panel.devices = virtual;
      panel.gateBoard = gateBoard;
      panel.locale = settings.locale;
      screen.addEventListener('lane-locale', (event) => (panel.locale = event.detail.locale));
      document.body.append(panel);
    }
  } else {
    await startSerialDevices(memory, settings, useDevices);
  }
  // Staff test the barrier from the settings; a test opening is a real one, so it is recorded too.
  const testGate = async (): Promise<GateOpenPayload | null> => {
    if (gate?.mode !== 'relay') return null;
    const record = await openGateFor(gate, { reason: 'staff-test', plate: null, ref: null });
    await outbox.enqueue('gate-open', `${settings.lane}/gate`, record).catch(() => {});
    return record;
  };
  installSettingsOpener({
    settings,
    printer: () => devices.printer,
    memory,
    // Read when staff open the settings: the PIN in the lane's freshest config.
    staffPin: () => cachedLaneConfig(settings.lane)?.staffPin ?? null,
    testGate,
  });
}

async function serialMemory(): Promise<PortMemory | null> {
  const source = await serialSource();
  return source ? new PortMemory(source) : null;
}

/** Keeps the proxy's /healthz informed of this lane's backlog: on change (at most every 5 s) and every minute. */
function reportOutboxStatus(client: LaneClient, outbox: Outbox): void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const report = () => {
    pending = undefined;
    void outbox
      .state()
      .then((s) => client.reportStatus({ outbox: { depth: s.depth, oldestCreatedAt: s.oldestCreatedAt, deadLetters: s.deadLetters, storageError: s.storageError } }))
      .catch(() => {});
  };
  outbox.addEventListener('change', () => (pending ??= setTimeout(report, 5000)));
  setInterval(report, 60_000);
  report();
}
