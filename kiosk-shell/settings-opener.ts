/**
 * Staff open the settings with five quick taps in the top-left corner (or Ctrl+Alt+S); drivers
 * never find them by accident, and nothing opens without the PIN. The panel's code loads on the
 * first opening: no driver ever needs it.
 */
import type { StaffPinHash } from '../src/core/quote.js';
import type { GateOpenPayload } from '../src/core/lane-events.js';
import { profileSelfTest } from '../src/hardware/receipts.js';
import type { DeviceRole, PortMemory } from '../src/hardware/port-memory.js';
import type { PrinterDriver } from '../src/hardware/printer-driver.js';
import { DEFAULT_LINE } from '../src/hardware/serial-channel.js';
import { settingsMessages } from './settings-panel.messages.js';
import { endSessionProxy, saveSettings, type ShellSettings } from './settings.js';

export interface SettingsContext {
  settings: ShellSettings;
  printer(): PrinterDriver | null;
  memory: PortMemory | null;
  staffPin(): StaffPinHash | null;
  testGate(): Promise<GateOpenPayload | null>;
}

export function installSettingsOpener(context: SettingsContext): void {
  const corner = document.createElement('button');
  corner.className = 'settings-corner';
  corner.setAttribute('aria-label', settingsMessages(context.settings.locale).settings);
  let taps: number[] = [];
  corner.addEventListener('click', () => {
    const now = Date.now();
    taps = [...taps.filter((at) => now - at < 3000), now];
    if (taps.length >= 5) {
      taps = [];
      void openSettings(context);
    }
  });
  addEventListener('keydown', (event: KeyboardEvent) => {
    if (event.ctrlKey && event.altKey && event.key.toLowerCase() === 's') void openSettings(context);
  });
  document.body.append(corner);
}

let opening = false;

async function openSettings({ settings, printer, memory, staffPin, testGate }: SettingsContext): Promise<void> {
  if (opening || document.querySelector('lane-shell-settings')) return;
  opening = true;
  try {
    await import('./settings-panel.js');
  } finally {
    opening = false;
  }
  const panel = document.createElement('lane-shell-settings');
  // The notes in the language the panel shows: the kiosk's as it is now, a driver's switch included.
  const words = () => settingsMessages(panel.locale);
  panel.settings = settings;
  panel.staffPin = staffPin();
  panel.addEventListener('shell-settings-close', () => panel.remove());
  panel.addEventListener('shell-settings-save', (event) => {
    // Staff chose what the proxy field shows: it is stored, a one-off proxy of this tab included.
    endSessionProxy();
    saveSettings((event as CustomEvent<ShellSettings>).detail);
    location.reload();
  });
  panel.addEventListener('shell-pair', async (event) => {
    const { role } = (event as CustomEvent<{ role: DeviceRole }>).detail;
    if (!memory) {
      panel.note = words().serialUnavailable;
      return;
    }
    try {
      await memory.choose(role, role === 'gate' ? { ...DEFAULT_LINE, baudRate: settings.gate.baudRate } : undefined);
      panel.note = words().paired[role];
    } catch (error) {
      panel.note = words().notPaired((error as Error).message);
    }
  });
  /** A print staff asked for from the settings; the note says how it went. */
  const staffPrint = async (run: (device: PrinterDriver) => Promise<unknown>, done: string) => {
    const device = printer();
    if (!device) {
      panel.note = words().noPrinter;
      return;
    }
    try {
      await run(device);
      panel.note = done;
    } catch (error) {
      panel.note = words().printFailed((error as Error).message);
    }
  };
  panel.addEventListener('shell-test-print', () => void staffPrint((device) => device.print(profileSelfTest(device.profile, { lane: settings.lane, atMs: Date.now() })), words().testPrinted));
  panel.addEventListener('shell-reprint', () => void staffPrint((device) => device.reprintLast(), words().reprinted));
  panel.addEventListener('shell-test-gate', async () => {
    const record = await testGate();
    const t = words().gate;
    panel.note = !record ? t.noRelay : record.result === 'failed' ? t.testFailed(record.message ?? '') : t.tested;
  });
  document.body.append(panel);
}
