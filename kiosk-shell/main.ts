/**
 * The standalone kiosk app. The lane and its key come from the URL once (`?lane=exit-1&key=…`)
 * and are remembered on this device, so a reboot needs no typing; the proxy is this page's origin
 * unless `proxy=` says otherwise. `kiosk=1` hides the cursor for touch-only screens.
 * `hardware=serial` uses the printer and scanner chosen in setup; otherwise the demo's virtual pair.
 */
import '../src/components/lane-exit-kiosk.js';
import { LaneClient } from '../src/client/lane-client.js';
import { Outbox } from '../src/offline/outbox.js';
import { PortMemory } from '../src/hardware/port-memory.js';
import './demo-devices-panel.js';
import { serialSource, startSerialDevices, startVirtualDevices } from './devices.js';

const STORAGE_KEY = 'lane-kiosk.settings';

interface ShellSettings {
  proxyUrl: string;
  lane: string;
  laneKey: string;
  locale: 'zh-CN' | 'en';
  hardware: 'virtual' | 'serial';
}

function loadSettings(): ShellSettings | null {
  const params = new URLSearchParams(location.search);
  let stored: Partial<ShellSettings> = {};
  try {
    stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<ShellSettings>;
  } catch {
    // A corrupt entry is replaced below.
  }
  const settings: ShellSettings = {
    proxyUrl: params.get('proxy') ?? stored.proxyUrl ?? location.origin,
    lane: params.get('lane') ?? stored.lane ?? '',
    laneKey: params.get('key') ?? stored.laneKey ?? '',
    locale: params.get('locale') === 'en' ? 'en' : (stored.locale ?? 'zh-CN'),
    hardware: (params.get('hardware') ?? stored.hardware) === 'serial' ? 'serial' : 'virtual',
  };
  if (!settings.lane || !settings.laneKey) return null;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  if (params.has('key')) history.replaceState(null, '', location.pathname);
  return settings;
}

const settings = loadSettings();
if (new URLSearchParams(location.search).get('kiosk') === '1') document.body.classList.add('kiosk-mode');
if (settings) {
  const kiosk = document.createElement('lane-exit-kiosk');
  kiosk.proxyUrl = settings.proxyUrl;
  kiosk.lane = settings.lane;
  kiosk.laneKey = settings.laneKey;
  kiosk.locale = settings.locale;
  document.body.append(kiosk);
  // Every lane event goes through the durable outbox; whichever tab holds the lock flushes it.
  const client = new LaneClient({ proxyUrl: settings.proxyUrl, laneId: settings.lane, laneKey: settings.laneKey });
  const outbox = await Outbox.open({ dbName: `lane-kiosk-outbox-${settings.lane}`, lockName: `lane-kiosk-outbox-${settings.lane}`, send: (batch) => client.deliver(batch) });
  outbox.lead();
  kiosk.outbox = outbox;
  reportOutboxStatus(client, outbox);
  if (settings.hardware === 'virtual') {
    const devices = await startVirtualDevices();
    kiosk.printer = devices.printer;
    kiosk.scanner = devices.scanner;
    const panel = document.createElement('lane-demo-devices-panel');
    panel.devices = devices;
    document.body.append(panel);
  } else {
    await setUpSerialDevices(kiosk);
  }
} else {
  const note = document.createElement('div');
  note.className = 'setup';
  note.innerHTML = '<h1>lane-kiosk</h1><p>Open this page once as <code>/?lane=&lt;lane id&gt;&amp;key=&lt;lane key&gt;</code>; the proxy prints the demo URL when it starts.</p>';
  document.body.append(note);
}

/** Real serial devices: found again if chosen before; a setup strip offers the choice (needs a tap). */
async function setUpSerialDevices(kiosk: HTMLElementTagNameMap['lane-exit-kiosk']): Promise<void> {
  const source = await serialSource();
  if (!source) return;
  const memory = new PortMemory(source);
  await startSerialDevices(memory, (devices) => {
    kiosk.printer = devices.printer;
    kiosk.scanner = devices.scanner;
  });
  if (memory.remembered('printer') && memory.remembered('scanner')) return;
  const strip = document.createElement('div');
  strip.className = 'setup-strip';
  for (const role of ['printer', 'scanner'] as const) {
    if (memory.remembered(role)) continue;
    const button = document.createElement('button');
    button.textContent = role === 'printer' ? '选择打印机 Choose printer' : '选择扫码枪 Choose scanner';
    button.addEventListener('click', async () => {
      await memory.choose(role);
      location.reload();
    });
    strip.append(button);
  }
  document.body.append(strip);
}

/** Keeps the proxy's /healthz informed of this lane's backlog: on change (at most every 5 s) and every minute. */
function reportOutboxStatus(client: LaneClient, outbox: Outbox): void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const report = () => {
    pending = undefined;
    void outbox.state().then(
      (s) => client.reportStatus({ outbox: { depth: s.depth, oldestCreatedAt: s.oldestCreatedAt, deadLetters: s.deadLetters, storageError: s.storageError } }),
      () => {},
    ).catch(() => {});
  };
  outbox.addEventListener('change', () => (pending ??= setTimeout(report, 5000)));
  setInterval(report, 60_000);
  report();
}
