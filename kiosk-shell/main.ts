/**
 * The standalone kiosk app: the exit or entry screen for the lane this device is set up for, its
 * outbox and hardware, the staff settings behind the PIN, the watchdog and the offline app shell.
 * `?lane=exit-1&key=…` sets the lane up once; `proxy=` points elsewhere than this page's origin;
 * `kiosk=1` hides the cursor; `hardware=serial` uses real devices instead of the demo's virtual pair,
 * `scanner=keyboard-wedge` a scanner in USB keyboard mode.
 *
 * Cold start is on the driver's path (a lane rebooted by the watchdog or a power cut has a car
 * waiting), so this entry holds only what the first screen needs: the lane screen's code loads while
 * its config is asked for, and everything else (outbox, devices, panels, watchdog, service worker)
 * loads once the screen has painted (lane-equipment.ts).
 */
import { cachedLaneConfig, cacheLaneConfig, onLaneConfigCached } from '../src/client/config-cache.js';
import { LaneClient } from '../src/client/lane-client.js';
import { loadSettings, saveSettings, type ShellSettings } from './settings.js';

export type LaneScreen = HTMLElementTagNameMap['lane-exit-kiosk'] | HTMLElementTagNameMap['lane-entry-kiosk'];
type Direction = ShellSettings['direction'];

const settings = loadSettings();
if (new URLSearchParams(location.search).get('kiosk') === '1') document.body.classList.add('kiosk-mode');

if (settings) await startLane(settings);
else await import('./first-run.js').then((firstRun) => firstRun.showFirstRunNote());

async function startLane(settings: ShellSettings): Promise<void> {
  if (settings.hardware === 'virtual') document.body.classList.add('virtual-hardware');
  // Only one screen's code is on the critical path: the likely one loads while the proxy is asked.
  const likely = cachedLaneConfig(settings.lane)?.direction ?? settings.direction;
  const [direction] = await Promise.all([laneDirection(settings), loadScreen(likely)]);
  if (direction !== likely) await loadScreen(direction);
  const screen: LaneScreen = document.createElement(direction === 'entry' ? 'lane-entry-kiosk' : 'lane-exit-kiosk');
  screen.proxyUrl = settings.proxyUrl;
  screen.lane = settings.lane;
  screen.laneKey = settings.laneKey;
  screen.locale = settings.locale;
  // The page's language follows the driver's (and back, between drivers): screen readers and fonts pick by it.
  document.documentElement.lang = settings.locale;
  screen.addEventListener('lane-locale', (event) => (document.documentElement.lang = event.detail.locale));
  document.body.append(screen);
  followDirection(settings, direction);

  await afterFirstPaint();
  // The app shell stays on the device: after a power cut with no network the lane still starts.
  if (import.meta.env.PROD && 'serviceWorker' in navigator) void navigator.serviceWorker.register('./sw.js').catch(() => {});
  const { equipLane } = await import('./lane-equipment.js');
  await equipLane(screen, settings);
}

function loadScreen(direction: Direction): Promise<unknown> {
  return direction === 'entry' ? import('../src/components/lane-entry-kiosk.js') : import('../src/components/lane-exit-kiosk.js');
}

/**
 * Which screen to start: the cached config's direction at once (the lane screen fetches a fresh
 * config itself); on a lane's first start, the proxy's answer, asked for while the screen's code
 * loads; with neither, what the settings last learned.
 */
async function laneDirection(settings: ShellSettings): Promise<Direction> {
  const cached = cachedLaneConfig(settings.lane);
  if (cached) return cached.direction;
  const client = new LaneClient({ proxyUrl: settings.proxyUrl, laneId: settings.lane, laneKey: settings.laneKey, timeoutMs: 4000 });
  const config = await client.config().catch(() => null);
  if (!config) return settings.direction;
  cacheLaneConfig(config);
  return config.direction;
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

/**
 * Resolves once the browser has painted the screen: a frame callback runs just before a paint and
 * a task queued from it just after. A page that is not drawn (the display asleep at boot) never
 * gets a frame, so a second at most.
 */
function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 1000);
    requestAnimationFrame(() => setTimeout(resolve));
  });
}
