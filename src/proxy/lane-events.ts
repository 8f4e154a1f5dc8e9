/**
 * Server-Sent Events per lane. Each lane keeps a short replay buffer so a kiosk that reconnects
 * with Last-Event-ID misses nothing that happened while its connection was down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LaneEvent } from '../core/quote.js';

const REPLAY_LIMIT = 100;
const KEEPALIVE_MS = 15_000;

interface Stored {
  id: number;
  event: LaneEvent;
}

export class LaneEventHub {
  private readonly clients = new Map<string, Set<ServerResponse>>();
  private readonly history = new Map<string, Stored[]>();
  private nextId = 1;
  private readonly keepalive: NodeJS.Timeout;

  constructor() {
    // Comments keep idle connections open through proxies that cut silent streams.
    this.keepalive = setInterval(() => this.broadcastRaw(': keepalive\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
  }

  get clientCount(): number {
    let n = 0;
    for (const set of this.clients.values()) n += set.size;
    return n;
  }

  publish(laneId: string, event: LaneEvent): void {
    const stored = { id: this.nextId++, event };
    const list = this.history.get(laneId) ?? [];
    list.push(stored);
    if (list.length > REPLAY_LIMIT) list.shift();
    this.history.set(laneId, list);
    for (const res of this.clients.get(laneId) ?? []) res.write(frame(stored));
  }

  subscribe(laneId: string, req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const lastId = Number(req.headers['last-event-id'] ?? 0);
    if (lastId > 0) for (const stored of this.history.get(laneId) ?? []) if (stored.id > lastId) res.write(frame(stored));
    const set = this.clients.get(laneId) ?? new Set();
    set.add(res);
    this.clients.set(laneId, set);
    req.on('close', () => set.delete(res));
  }

  /** Ends every stream; clients reconnect (to this or another instance) on their own. */
  close(): void {
    clearInterval(this.keepalive);
    for (const set of this.clients.values()) for (const res of set) res.end();
    this.clients.clear();
  }

  private broadcastRaw(text: string): void {
    for (const set of this.clients.values()) for (const res of set) res.write(text);
  }
}

function frame({ id, event }: Stored): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
