/**
 * A Server-Sent Events reader over fetch, because EventSource cannot send the lane key header.
 * Reconnects with capped backoff and resumes from the last event id.
 */

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/** Incremental parser for the text/event-stream format; feed it decoded chunks. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | null = null;
  /** Server-suggested reconnect delay, from a `retry:` line. */
  retryMs: number | null = null;

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const messages: SseMessage[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      if (line === '') {
        if (this.data.length > 0) messages.push({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
        this.data = [];
        this.event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.event = value;
      else if (field === 'id') this.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    return messages;
  }
}

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SseSubscriptionOptions {
  url: string;
  headers: Record<string, string>;
  onMessage(message: SseMessage): void;
  onStatus?(status: StreamStatus): void;
  /** Longest wait between reconnects. */
  maxBackoffMs?: number;
  /**
   * A connection that has said nothing for this long (not even the proxy's 15 s keepalive comment)
   * is taken for dead and opened again: a half-open link (a switch or Wi-Fi gone, the proxy host
   * frozen) otherwise looks open forever. Default 35 s: two keepalives missed.
   */
  silenceMs?: number;
}

export interface Subscription {
  close(): void;
}

export function subscribeSse(options: SseSubscriptionOptions): Subscription {
  const controller = new AbortController();
  const maxBackoff = options.maxBackoffMs ?? 15_000;
  const silenceMs = options.silenceMs ?? 35_000;
  let lastEventId: string | null = null;
  let attempt = 0;

  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      options.onStatus?.(attempt === 0 ? 'connecting' : 'reconnecting');
      const parser = new SseParser();
      const connection = new AbortController();
      const drop = () => connection.abort();
      controller.signal.addEventListener('abort', drop, { once: true });
      let silence: ReturnType<typeof setTimeout> | undefined;
      const heard = () => {
        clearTimeout(silence);
        silence = setTimeout(drop, silenceMs);
      };
      heard();
      try {
        const response = await fetch(options.url, {
          headers: { accept: 'text/event-stream', ...options.headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
          signal: connection.signal,
          cache: 'no-store',
        });
        if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
        options.onStatus?.('open');
        attempt = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          heard();
          for (const message of parser.push(value)) {
            if (message.id !== null) lastEventId = message.id;
            options.onMessage(message);
          }
        }
      } catch {
        if (controller.signal.aborted) break;
      } finally {
        clearTimeout(silence);
        controller.signal.removeEventListener('abort', drop);
      }
      attempt += 1;
      const base = parser.retryMs ?? 1000;
      const delay = Math.min(maxBackoff, base * 2 ** Math.min(attempt - 1, 6)) * (0.5 + Math.random() / 2);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        controller.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    options.onStatus?.('closed');
  };
  void run();
  return { close: () => controller.abort() };
}
