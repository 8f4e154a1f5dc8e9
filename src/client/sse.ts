/**
 * A Server-Sent Events reader over fetch, because EventSource cannot send the lane key header.
 * Parsing is eventsource-parser's (a line ending split across chunks, CRLF, comments, retry).
 * Reconnects with capped backoff and resumes from the last event id; stops for good when the proxy
 * refuses the key, since asking again cannot help.
 */
import { createParser } from 'eventsource-parser';
import { errorFromResponse, ProxyAuthError } from './errors.js';

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SseSubscriptionOptions {
  url: string;
  headers: Record<string, string>;
  onMessage(message: SseMessage): void;
  onStatus?(status: StreamStatus): void;
  /** Opens the connection; the page's fetch by default (a test or a service worker may bring its own). */
  fetch?: typeof fetch;
  /** The proxy answered 401 or 403: the stream is closed and not opened again. */
  onAuthError?(error: ProxyAuthError): void;
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
  let retryMs: number | null = null;
  let attempt = 0;
  const parser = createParser({
    onRetry: (ms) => (retryMs = ms),
    onEvent: (message) => {
      if (message.id !== undefined) lastEventId = message.id;
      options.onMessage({ id: message.id ?? null, event: message.event ?? 'message', data: message.data });
    },
  });

  const run = async (): Promise<void> => {
    options.onStatus?.('connecting');
    while (!controller.signal.aborted) {
      // A message cut off by the drop is not half-delivered on the next connection.
      parser.reset();
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
        const response = await (options.fetch ?? fetch)(options.url, {
          headers: { accept: 'text/event-stream', ...options.headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
          signal: connection.signal,
          cache: 'no-store',
        });
        if (!response.ok) {
          const error = await errorFromResponse(response, `the event stream answered ${response.status}`);
          if (!(error instanceof ProxyAuthError)) throw error;
          options.onAuthError?.(error);
          controller.abort();
          break;
        }
        if (!response.body) throw new Error('the event stream answered without a body');
        options.onStatus?.('open');
        attempt = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          heard();
          parser.feed(value);
        }
      } catch {
        if (controller.signal.aborted) break;
      } finally {
        clearTimeout(silence);
        controller.signal.removeEventListener('abort', drop);
      }
      if (controller.signal.aborted) break;
      // Said at once, not after the backoff: a call riding on the stream ends now, not seconds later.
      options.onStatus?.('reconnecting');
      attempt += 1;
      const base = retryMs ?? 1000;
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
