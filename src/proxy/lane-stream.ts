/**
 * Server-Sent Events per lane. Events go through the event bus, so a kiosk hears them whichever
 * instance received the callback that caused them, and into a short per-lane history in the state
 * store, so a kiosk that reconnects with Last-Event-ID (to any instance, or after a restart)
 * misses nothing that happened while its connection was down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LaneStreamEvent } from '../core/quote.js';
import { ApiError } from './errors.js';
import type { EventBus } from './state/event-bus.js';
import type { StateStore } from './state/store.js';

const HISTORY_LIMIT = 100;
const HISTORY_TTL_MS = 24 * 3600_000;
const KEEPALIVE_MS = 15_000;
/** A stream closed by its kiosk is forgotten as soon as its connection closes. */
const STREAM_RETRY_AFTER_SECONDS = 5;

interface Stored {
  id: number;
  event: LaneStreamEvent;
}

interface Published extends Stored {
  laneId: string;
}

interface Client {
  res: ServerResponse;
  /** The client address that opened it. */
  address: string;
  /** Live events that arrive while the history is being replayed, sent right after it. */
  queued: Stored[] | null;
}

export class LaneStreamHub {
  private readonly clients = new Map<string, Set<Client>>();
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    private readonly store: StateStore,
    private readonly bus: EventBus,
    /** Streams one lane (one lane key) may hold open: a kiosk needs one, two while it reconnects. */
    private readonly maxStreamsPerLane: number,
  ) {
    bus.subscribe((message) => this.deliver(message as Published));
    // Comments keep idle connections open through proxies that cut silent streams.
    this.keepalive = setInterval(() => this.broadcastRaw(': keepalive\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
  }

  get clientCount(): number {
    let n = 0;
    for (const set of this.clients.values()) n += set.size;
    return n;
  }

  async publish(laneId: string, event: LaneStreamEvent): Promise<void> {
    const id = await this.store.nextId('lane-event');
    await this.store.append(`lane-history:${laneId}`, { id, event } satisfies Stored, HISTORY_LIMIT, HISTORY_TTL_MS);
    await this.bus.publish({ laneId, id, event } satisfies Published);
  }

  /**
   * Opens the lane's stream from `address`. At the lane's limit, the oldest stream from the same
   * address gives way (told to reconnect): a kiosk whose connection died without a word comes back
   * from where it was, and must not be locked out by its own dead streams until TCP notices them.
   * Streams held from other addresses are not touched: then the answer is 429 too-many-streams.
   */
  async subscribe(laneId: string, address: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const set = this.clients.get(laneId) ?? new Set();
    if (set.size >= this.maxStreamsPerLane) {
      const stale = [...set].find((client) => client.address === address);
      if (!stale) {
        res.setHeader('retry-after', String(STREAM_RETRY_AFTER_SECONDS));
        throw new ApiError(429, 'too-many-streams', `lane ${laneId} has ${set.size} event streams open from other addresses, its limit; close one, or retry in ${STREAM_RETRY_AFTER_SECONDS} s`);
      }
      set.delete(stale);
      stale.res.end('event: reconnect\ndata: {"reason":"replaced"}\n\n');
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const header = Number(req.headers['last-event-id'] ?? 0);
    const lastId = Number.isSafeInteger(header) && header > 0 ? header : 0;
    const client: Client = { res, address, queued: [] };
    set.add(client);
    this.clients.set(laneId, set);
    req.on('close', () => set.delete(client));
    const missed = lastId > 0 ? await this.store.list<Stored>(`lane-history:${laneId}`) : [];
    // An event published during the replay can be both in the history and queued: send it once.
    const sent = new Set<number>();
    for (const stored of [...missed.filter((m) => m.id > lastId), ...client.queued!]) {
      if (sent.has(stored.id)) continue;
      sent.add(stored.id);
      write(res, stored);
    }
    client.queued = null;
  }

  /** Ends every stream with a last word: clients reconnect (to this or another instance) on their own. */
  close(): void {
    clearInterval(this.keepalive);
    for (const set of this.clients.values()) {
      for (const { res } of set) res.end('event: reconnect\ndata: {"reason":"shutdown"}\n\n');
    }
    this.clients.clear();
  }

  private deliver({ laneId, id, event }: Published): void {
    for (const client of this.clients.get(laneId) ?? []) {
      if (client.queued) client.queued.push({ id, event });
      else write(client.res, { id, event });
    }
  }

  private broadcastRaw(text: string): void {
    for (const set of this.clients.values()) for (const { res } of set) res.write(text);
  }
}

function write(res: ServerResponse, { id, event }: Stored): void {
  res.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}
