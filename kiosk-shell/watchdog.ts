/**
 * Keeps the lane usable without a person at the console: a screen stuck in one state returns to
 * idle, and a page throwing errors over and over reloads (the service worker serves it offline).
 * A crashed or frozen browser is the launch script's job: it restarts Chromium.
 */
import { watchdogVerdict } from '../src/core/watchdog.js';

interface Resettable extends HTMLElement {
  reset(): void;
}

const CHECK_EVERY_MS = 5000;

export function startWatchdog(screen: Resettable): void {
  let state = 'idle';
  let since = Date.now();
  const errors: number[] = [];
  const onState = (event: Event) => {
    state = (event as CustomEvent<{ state: { name: string } }>).detail.state.name;
    since = Date.now();
  };
  screen.addEventListener('lane-state', onState);
  screen.addEventListener('lane-entry-state', onState);
  const noteError = () => {
    errors.push(Date.now());
    if (errors.length > 20) errors.shift();
  };
  addEventListener('error', noteError);
  addEventListener('unhandledrejection', noteError);
  setInterval(() => {
    const verdict = watchdogVerdict({ state, since, errors, now: Date.now() });
    if (verdict === 'reload') location.reload();
    if (verdict === 'reset') {
      console.warn(`watchdog: the lane sat in "${state}" too long; back to idle`);
      screen.reset();
      since = Date.now();
    }
  }, CHECK_EVERY_MS);
}
