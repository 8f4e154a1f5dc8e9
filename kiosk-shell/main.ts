/**
 * The standalone kiosk app: the exit or entry screen for the lane this device is set up for, its
 * outbox and hardware, the staff settings behind the PIN, the watchdog and the offline app shell.
 * `?lane=exit-1&key=…` sets the lane up once; `proxy=` points elsewhere than this page's origin;
 * `kiosk=1` hides the cursor; `hardware=serial` uses real devices instead of the demo's virtual pair,
 * `scanner=keyboard-wedge` a scanner in USB keyboard mode.
 */
import '../src/components/lane-entry-kiosk/lane-entry-kiosk.js';
import '../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import { cachedLaneConfig, cacheLaneConfig } from '../src/client/config-cache.js';
import { messages } from '../src/components/shared/messages.js';
import { LaneClient } from '../src/client/lane-client.js';
import { profileById } from '../src/hardware/escpos/profiles.js';
import type { GateOpenPayload } from '../src/core/lane-events.js';
import { openGateFor, type LaneGate } from '../src/hardware/gate.js';
import { PortMemory, type DeviceRole } from '../src/hardware/port-memory.js';
import type { PrinterDriver } from '../src/hardware/printer-driver.js';
import { DEFAULT_LINE } from '../src/hardware/serial-channel.js';
import { Outbox } from '../src/offline/outbox.js';
import { profileSelfTest } from '../src/hardware/receipts.js';
import './demo-devices-panel.js';
import { serialSource, startGate, startSerialDevices, startVirtualDevices, type LaneDevices } from './devices.js';
import { loadSettings, saveSettings, type ShellSettings } from './settings.js';
import './settings-panel.js';
import { startWatchdog } from './watchdog.js';

type LaneScreen = HTMLElementTagNameMap['lane-exit-kiosk'] | HTMLElementTagNameMap['lane-entry-kiosk'];

const settings = loadSettings();
if (new URLSearchParams(location.search).get('kiosk') === '1') document.body.classList.add('kiosk-mode');
// The app shell and the lane config stay on the device: after a power cut with no network the lane still starts.
if (import.meta.env.PROD && 'serviceWorker' in navigator) void navigator.serviceWorker.register('./sw.js').catch(() => {});

if (settings) await startLane(settings);
else showFirstRunNote();

async function startLane(settings: ShellSettings): Promise<void> {
  const client = new LaneClient({ proxyUrl: settings.proxyUrl, laneId: settings.lane, laneKey: settings.laneKey, timeoutMs: 4000 });
  const config = await client.config().catch(() => cachedLaneConfig(settings.lane));
  if (config) {
    cacheLaneConfig(config);
    if (config.direction !== settings.direction) saveSettings({ ...settings, direction: config.direction });
  }
  const direction = config?.direction ?? settings.direction;
  const screen: LaneScreen = document.createElement(direction === 'entry' ? 'lane-entry-kiosk' : 'lane-exit-kiosk');
  screen.proxyUrl = settings.proxyUrl;
  screen.lane = settings.lane;
  screen.laneKey = settings.laneKey;
  screen.locale = settings.locale;
  // The page's language follows the driver's (and back, between drivers): screen readers and fonts pick by it.
  document.documentElement.lang = settings.locale;
  screen.addEventListener('lane-locale', (event) => (document.documentElement.lang = event.detail.locale));
  document.body.append(screen);
  startWatchdog(screen);

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
    const panel = document.createElement('lane-demo-devices-panel');
    panel.devices = virtual;
    panel.gateBoard = gateBoard;
    panel.locale = settings.locale;
    screen.addEventListener('lane-locale', (event) => (panel.locale = event.detail.locale));
    document.body.append(panel);
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
  installSettingsOpener(settings, () => devices.printer, memory, config?.staffPin ?? null, testGate);
}

async function serialMemory(): Promise<PortMemory | null> {
  const source = await serialSource();
  return source ? new PortMemory(source) : null;
}

/**
 * Staff open the settings with five quick taps in the top-left corner (or Ctrl+Alt+S); drivers
 * never find them by accident, and nothing opens without the PIN.
 */
function installSettingsOpener(settings: ShellSettings, printer: () => PrinterDriver | null, memory: PortMemory | null, staffPin: ShellSettingsPin, testGate: () => Promise<GateOpenPayload | null>): void {
  const corner = document.createElement('button');
  corner.className = 'settings-corner';
  corner.setAttribute('aria-label', messages(settings.locale).shell.settings);
  let taps: number[] = [];
  corner.addEventListener('click', () => {
    const now = Date.now();
    taps = [...taps.filter((at) => now - at < 3000), now];
    if (taps.length >= 5) {
      taps = [];
      openSettings(settings, printer, memory, staffPin, testGate);
    }
  });
  addEventListener('keydown', (event: KeyboardEvent) => {
    if (event.ctrlKey && event.altKey && event.key.toLowerCase() === 's') openSettings(settings, printer, memory, staffPin, testGate);
  });
  document.body.append(corner);
}

type ShellSettingsPin = HTMLElementTagNameMap['lane-shell-settings']['staffPin'];

function openSettings(settings: ShellSettings, printer: () => PrinterDriver | null, memory: PortMemory | null, staffPin: ShellSettingsPin, testGate: () => Promise<GateOpenPayload | null>): void {
  if (document.querySelector('lane-shell-settings')) return;
  const t = messages(settings.locale).shell;
  const panel = document.createElement('lane-shell-settings');
  panel.locale = settings.locale;
  panel.settings = settings;
  panel.staffPin = staffPin;
  panel.addEventListener('shell-settings-close', () => panel.remove());
  panel.addEventListener('shell-settings-save', (event) => {
    saveSettings((event as CustomEvent<ShellSettings>).detail);
    location.reload();
  });
  panel.addEventListener('shell-pair', async (event) => {
    const { role } = (event as CustomEvent<{ role: DeviceRole }>).detail;
    if (!memory) {
      panel.note = t.serialUnavailable;
      return;
    }
    try {
      await memory.choose(role, role === 'gate' ? { ...DEFAULT_LINE, baudRate: settings.gate.baudRate } : undefined);
      panel.note = t.paired[role];
    } catch (error) {
      panel.note = t.notPaired((error as Error).message);
    }
  });
  /** A print staff asked for from the settings; the note says how it went. */
  const staffPrint = async (run: (device: PrinterDriver) => Promise<unknown>, done: string) => {
    const device = printer();
    if (!device) {
      panel.note = t.noPrinter;
      return;
    }
    try {
      await run(device);
      panel.note = done;
    } catch (error) {
      panel.note = t.printFailed((error as Error).message);
    }
  };
  panel.addEventListener('shell-test-print', () => void staffPrint((device) => device.print(profileSelfTest(device.profile, { lane: settings.lane, atMs: Date.now() })), t.testPrinted));
  panel.addEventListener('shell-reprint', () => void staffPrint((device) => device.reprintLast(), t.reprinted));
  panel.addEventListener('shell-test-gate', async () => {
    const record = await testGate();
    panel.note = !record ? t.gate.noRelay : record.result === 'failed' ? t.gate.testFailed(record.message ?? '') : t.gate.tested;
  });
  document.body.append(panel);
}

function showFirstRunNote(): void {
  const note = document.createElement('div');
  note.className = 'setup';
  const heading = document.createElement('h1');
  heading.textContent = 'lane-kiosk';
  const text = document.createElement('p');
  // Nothing is saved yet, so the installer's browser language stands in for the lane's.
  const asked = new URLSearchParams(location.search).get('locale') ?? navigator.language;
  text.textContent = messages(asked.toLowerCase().startsWith('en') ? 'en' : 'zh-CN').shell.firstRun;
  note.append(heading, text);
  document.body.append(note);
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
