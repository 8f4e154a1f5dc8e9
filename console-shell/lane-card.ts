/** One lane on the board: its screen, the car and amount, how long, and its devices and backlog. */
import { html, nothing } from 'lit';
import type { BoardLane } from '../src/core/attendant/lane-board.js';
import type { ConsoleMessages } from './console-messages.js';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** A lane as the attendant knows it, by its lot's and its own names (e.g. 泊云示范停车场 1号出口); its id until the lane has reported. */
export function laneLabel(lane: Pick<BoardLane, 'lotName' | 'laneName'> | null | undefined, laneId: string): string {
  return lane ? `${lane.lotName} ${lane.laneName}` : laneId;
}

/** The lane as of `now` on the console's clock, corrected to the proxy's by `offsetMs`. */
export function laneCard(lane: BoardLane, t: ConsoleMessages, proxyNow: number) {
  const since = lane.screen === 'offline' ? lane.seenAt : lane.screenSince;
  const seconds = Math.max(0, Math.round((proxyNow - since) / 1000));
  const seenAgo = Math.max(0, Math.round((proxyNow - lane.seenAt) / 1000));
  const chip = (label: string, value: string, bad: boolean) => html`<span class="chip ${bad ? 'bad' : ''}">${label} ${value}</span>`;
  return html`<article class="lane ${lane.screen}" part="lane" aria-label=${`${laneLabel(lane, lane.laneId)} ${t.screen[lane.screen]}`} data-lane=${`${lane.lotId}/${lane.laneId}`}>
    <header>
      <strong class="lane-name">${lane.laneName}</strong>
      <span class="screen">${t.screen[lane.screen]}</span>
    </header>
    <div class="lot-name">${lane.lotName} · ${lane.laneId}</div>
    <div class="car">
      ${lane.plate ? html`<span class="plate">${lane.plate}</span>` : nothing}
      ${lane.dueFen !== null && lane.screen !== 'offline' ? html`<span class="due">${t.due} ${yuan(lane.dueFen)}</span>` : nothing}
    </div>
    <div class="since">${t.inState} ${t.seconds(seconds)}</div>
    <div class="chips">
      ${chip(t.printerLabel, t.printer[lane.printer], lane.printer !== 'ok')}
      ${chip(t.scannerLabel, t.device[lane.scanner], lane.scanner === 'fault' || lane.scanner === 'offline')}
      ${lane.gate === 'none' ? nothing : chip(t.gateLabel, t.device[lane.gate], lane.gate !== 'ok')}
      ${chip(t.backlog, String(lane.outbox.depth), lane.outbox.depth > 0)}
      ${lane.outbox.deadLetters > 0 ? chip(t.deadLetters, String(lane.outbox.deadLetters), true) : nothing}
      ${lane.clockSkewMs === null ? nothing : chip(t.skew, `${(lane.clockSkewMs / 1000).toFixed(1)} s`, Math.abs(lane.clockSkewMs) > 5_000)}
    </div>
    <footer>${t.lastSeen} ${t.seconds(seenAgo)}</footer>
  </article>`;
}
