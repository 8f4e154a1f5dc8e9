/**
 * The lane screen's code did not arrive (the proxy went away between the page and its second
 * file, on a device whose service worker has nothing cached yet): the lane says so and starts
 * again by itself, rather than stay blank.
 */
import { messages, type Locale } from '../src/components/shared/messages.js';

const RESTART_S = 10;

export function showScreenMissing(locale: Locale): void {
  const note = document.createElement('div');
  note.className = 'setup';
  note.setAttribute('role', 'alert');
  note.textContent = messages(locale).shell.screenMissing(RESTART_S);
  document.body.append(note);
  setTimeout(() => location.reload(), RESTART_S * 1000);
}
