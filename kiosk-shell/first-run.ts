/** The page a kiosk shows before it is set up for a lane: how to set it up. */
import { messages } from '../src/components/shared/messages.js';

export function showFirstRunNote(): void {
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
