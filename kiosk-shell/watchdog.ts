/**
 * Keeps the lane usable without a person at the console: a screen stuck in one state returns to
 * idle, and a page throwing errors over and over reloads (the service worker serves it offline).
 * A crashed or frozen browser is the launch script's job: it restarts Chromium.
 */
import { watchdogVerdict } from '../src/core/watchdog.js';

interface Resettable extends HTMLElement {
  reset(): void;
}

export interface WatchdogOptions {
  checkEveryMs?: number;
  /** The clock; tests move it forward instead of waiting ten minutes. */
  now?: () => number;
  reload?: () => void;
  /** Where uncaught errors and unhandled rejections surface: the window. */
  errorSource?: EventTarget;
}

/** Watches `screen` until the returned stop function is called. */
export function startWatchdog(screen: Resettable, options: WatchdogOptions = {}): () => void {
  const { checkEveryMs = 5000, now = Date.now, reload = () => location.reload(), errorSource = window } = options;
  let state = 'idle';
  let since = now();
  const errors: number[] = [];
  const onState = (event: Event) => {
    state = (event as CustomEvent<{ state: { name: string } }>).detail.state.name;
    since = now();
  };
  const noteError = () => {
    errors.push(now());
    if (errors.length > 20) errors.shift();
  };
  screen.addEventListener('lane-state', onState);
  screen.addEventListener('lane-entry-state', onState);
  errorSource.addEventListener('error', noteError);
  errorSource.addEventListener('unhandledrejection', noteError);
  const timer = setInterval(() => {
    const verdict = watchdogVerdict({ state, since, errors, now: now() });
    if (verdict === 'reload') reload();
    if (verdict === 'reset') {
      console.warn(`watchdog: the lane sat in "${state}" too long; back to idle`);
      screen.reset();
      since = now();
    }
  }, checkEveryMs);
  return () => {
    clearInterval(timer);
    screen.removeEventListener('lane-state', onState);
    screen.removeEventListener('lane-entry-state', onState);
    errorSource.removeEventListener('error', noteError);
    errorSource.removeEventListener('unhandledrejection', noteError);
  };
}
