/**
 * The standalone kiosk app: the exit or entry screen for the lane this device is set up for, its
 * outbox and hardware, the staff settings behind the PIN, the watchdog and the offline app shell.
 * `?lane=exit-1&key=…` sets the lane up once; `proxy=` points elsewhere than this page's origin;
 * `kiosk=1` hides the cursor; `hardware=serial` uses real devices instead of the demo's virtual pair,
 * `scanner=keyboard-wedge` a scanner in USB keyboard mode.
 *
 * Cold start is on the driver's path (a lane rebooted by the watchdog or a power cut has a car
 * waiting), so this entry holds only what the exit lane's idle screen needs, as one file: that
 * screen and the proxy client. The entry screen is a file of its own, fetched by entry lanes only;
 * the exit screen's other parts (pay QR, staff release form, receipts) load after its first paint.
 * Everything else (outbox, devices, panels, watchdog, service worker) starts once the screen has
 * been up for a moment (lane-equipment.ts, afterDriverFirst), the staff settings panel's code loads
 * when staff first open it. test/node/kiosk-first-file.test.ts keeps it that way.
 */
// First: on a lane's first start it asks for the config before the rest of this file is evaluated.
import { settings, startDirection, type Direction } from './lane-start.js';
import '../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import { onLaneConfigCached } from '../src/client/config-cache.js';
import { LazyPart } from '../src/components/shared/lazy-part.js';
import { afterDriverFirst, firstFrame } from '../src/components/shared/start-up.js';
// In this file, not loaded on failure: it speaks when the proxy is gone.
import { showScreenMissing } from './screen-missing.js';
import { saveSettings, type ShellSettings } from './settings.js';

export type LaneScreen = HTMLElementTagNameMap['lane-exit-kiosk'] | HTMLElementTagNameMap['lane-entry-kiosk'];

const EQUIPMENT_RETRY_MS = 30_000;

if (new URLSearchParams(location.search).get('kiosk') === '1') document.body.classList.add('kiosk-mode');

// Not awaited at the top level: the chunks loaded later import code this module's chunk holds, and
// would wait forever for a module that is itself waiting for them.
if (settings && startDirection) void startLane(settings, startDirection);
else void import('./first-run.js').then((firstRun) => firstRun.showFirstRunNote());

async function startLane(settings: ShellSettings, startDirection: Promise<Direction>): Promise<void> {
  if (settings.hardware === 'virtual') document.body.classList.add('virtual-hardware');
  const direction = await startDirection;
  if (direction === 'entry' && !(await new LazyPart(() => import('../src/components/lane-entry-kiosk/lane-entry-kiosk.js'), () => {}).get())) {
    showScreenMissing(settings.locale);
    return;
  }
  const screen: LaneScreen = document.createElement(direction === 'entry' ? 'lane-entry-kiosk' : 'lane-exit-kiosk');
  screen.proxyUrl = settings.proxyUrl;
  screen.lane = settings.lane;
  screen.laneKey = settings.laneKey;
  screen.locale = settings.locale;
  // The page's language follows the driver's (and back, between drivers): screen readers and fonts pick by it.
  document.documentElement.lang = settings.locale;
  screen.addEventListener('lane-locale', (event) => (document.documentElement.lang = event.detail.locale));
  // Its outbox and devices come after the first screen: what needs them waits for this (bounded).
  let equipped!: () => void;
  screen.equipped = new Promise<void>((resolve) => (equipped = resolve));
  document.body.append(screen);
  followDirection(settings, direction);

  await firstFrame();
  // Fetched at the first frame, not before: its code (receipts, ESC/POS, qrcode) does not compete
  // with the first screen. Fetched now, so a network lost just after the first paint does not keep
  // the outbox (and with it the offline staff release) off the lane. Started on an exit lane once
  // the driver's first taps have had the page: they are on the keyboard and need none of it, and the
  // outbox's IndexedDB, the devices, the demo panel and the watchdog cost a throttled start 0.5 s or
  // more of work. On an entry lane in the first idle moment: the driver's first press prints a ticket.
  const equipment = new LazyPart(() => import('./lane-equipment.js'), () => {});
  void equipment.get();
  // With the demo's device panel on virtual hardware, fetched beside it for the same reason.
  if (settings.hardware === 'virtual') void import('./demo-devices-panel.js').catch(() => {});
  await (direction === 'exit' ? afterDriverFirst() : idleMoment());
  // The app shell stays on the device: after a power cut with no network the lane still starts.
  if (import.meta.env.PROD && 'serviceWorker' in navigator) void navigator.serviceWorker.register('./sw.js').catch(() => {});
  const { equipLane } = await untilLoaded(equipment);
  await equipLane(screen, settings).finally(equipped);
}

/**
 * The equipment's code, asked for again every 30 s while it does not come (each try bounded): a
 * lane started just as the proxy went away gets its outbox and devices once the proxy is back.
 */
async function untilLoaded<T>(part: LazyPart<T>): Promise<T> {
  for (;;) {
    const loaded = await part.get();
    if (loaded) return loaded;
    await new Promise((resolve) => setTimeout(resolve, EQUIPMENT_RETRY_MS));
  }
}

/** A lane set up again as the other direction (learned from the fresh config) restarts as that screen. */
function followDirection(settings: ShellSettings, showing: Direction): void {
  let saved = settings.direction;
  const stop = onLaneConfigCached(settings.lane, (config) => {
    if (config.direction !== saved) saveSettings({ ...settings, direction: (saved = config.direction) });
    if (config.direction === showing) return;
    stop();
    location.reload();
  });
}

/** Resolves when the page has a moment with nothing to do, 2 s at most whatever the load. */
function idleMoment(): Promise<void> {
  return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 }));
}
