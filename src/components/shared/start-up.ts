/**
 * When a lane page's work beyond its first screen may run. A kiosk that starts has a car waiting
 * (the watchdog reloaded it, the power came back): on an exit lane the driver's first taps, on the
 * keyboard that has just appeared, come first. The lane's equipment (outbox, devices, demo panel,
 * watchdog, service worker) and the exit screen's parts that can wait (the pay QR, which brings the
 * idle screen's lane QR, and the refused records) start once the screen has been up for a moment;
 * their code may be fetched earlier, since a fetch costs the page's main thread next to nothing.
 *
 * A traced throttled restart put 0.9 s of main-thread work (the equipment, the parts and the demo
 * panel, all from cache) between the first paint and a tap asked for as soon as the key was
 * visible and stable: each step of the tap waited behind it.
 */

/** How long after its first frame a started lane page keeps its main thread for the driver. */
export const DRIVER_FIRST_MS = 2000;

/** The longest wait for an idle moment once that time is up, however busy the page is. */
const IDLE_WAIT_MS = 2000;

/**
 * Resolves at the page's first frame (a frame callback runs just before its paint). A page that is
 * not drawn (the display asleep at boot) never gets a frame, so 1 s at most.
 */
export function firstFrame(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 1000);
    requestAnimationFrame(() => resolve());
  });
}

/**
 * Resolves in the first task after the page's first frame, once that frame has been painted: work
 * started then (a part's load, which renders its element again) does not hold the first paint back.
 */
export function afterFirstPaint(): Promise<void> {
  return firstFrame().then(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

let driverFirst: Promise<void> | null = null;

/**
 * Resolves once the page's start belongs to the driver no longer: its first frame, then
 * DRIVER_FIRST_MS, then an idle moment (IDLE_WAIT_MS at most). One moment per page: whatever asks
 * later, once it has passed, goes on at once.
 */
export function afterDriverFirst(): Promise<void> {
  driverFirst ??= firstFrame()
    .then(() => new Promise((resolve) => setTimeout(resolve, DRIVER_FIRST_MS)))
    .then(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT_MS })));
  return driverFirst;
}
