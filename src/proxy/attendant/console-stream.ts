/**
 * One console's live stream, written in batches: every board change goes to every console allowed
 * to see it, so at 1,000 lanes a console gets hundreds of frames a second, and a socket write each
 * was most of the proxy's work (profiled, see BENCHMARKS.md). Frames wait at most FLUSH_MS and leave
 * together in one write; a frame shared by many consoles (one board change) is serialised once.
 */
import type { ServerResponse } from 'node:http';

/** Well under what a person notices on the board, long enough to gather a busy second's frames into a few writes. */
export const FLUSH_MS = 50;

/** Each object's JSON, kept while the object lives: the same lane change pushed to 20 consoles is stringified once. */
const json = new WeakMap<object, string>();

function serialised(data: unknown): string {
  if (typeof data !== 'object' || data === null) return JSON.stringify(data);
  let text = json.get(data);
  if (text === undefined) {
    text = JSON.stringify(data);
    json.set(data, text);
  }
  return text;
}

export class ConsoleStreamWriter {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly res: ServerResponse) {}

  /** Queues an event; it leaves within FLUSH_MS, after everything queued before it. */
  send(event: string, data: unknown): void {
    this.pending.push(`event: ${event}\ndata: ${serialised(data)}\n\n`);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Writes what is queued now (the snapshot goes out at once, so a console is never shown an empty board). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.res.write(text);
  }

  /** Drops what is queued: the connection is gone. */
  close(): void {
    clearTimeout(this.timer);
    this.pending = [];
  }
}
