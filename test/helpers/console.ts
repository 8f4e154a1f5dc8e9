/** The attendant console's side over HTTP, for node tests: sign in, and read the live stream as the console app does. */
import assert from 'node:assert/strict';

/** Signs `staffId` in at `base`; returns the session cookie (name=value). */
export async function signInConsole(base: string, staffId: string, password: string): Promise<string> {
  const response = await fetch(`${base}/console/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId, password }) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

export interface ConsoleEvents {
  /** The next event named `type` whose data satisfies `matches`; rejects when the stream ends first or after `timeoutMs`. */
  next(type: string, matches?: (data: any) => boolean, timeoutMs?: number): Promise<any>;
  /** The id of the last event read that had one (what a reconnecting client sends as Last-Event-ID). */
  lastId(): number;
  close(): void;
}

/** Opens the console's live stream with `cookie` and parses its events. */
export function consoleEvents(base: string, cookie: string): Promise<ConsoleEvents> {
  return eventStream(`${base}/console/api/events`, { cookie });
}

/** Opens any SSE stream of the proxy (a lane's, with a Last-Event-ID say) and parses its events. */
export async function eventStream(url: string, headers: Record<string, string>): Promise<ConsoleEvents> {
  const response = await fetch(url, { headers });
  assert.equal(response.status, 200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let lastId = 0;
  return {
    async next(type, matches = () => true, timeoutMs = 10_000) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const timedOut = new Promise<never>((_, reject) => timeout.addEventListener('abort', () => reject(new Error(`no ${type} event within ${timeoutMs} ms`))));
      timedOut.catch(() => {}); // Raced below; once an event wins, its later rejection is nobody's.
      for (;;) {
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          lastId = Number(/^id: (\d+)$/m.exec(block)?.[1] ?? lastId);
          if (/^event: (.*)$/m.exec(block)?.[1] === type && data && matches(JSON.parse(data))) return JSON.parse(data);
        }
        const read = await Promise.race([reader.read(), timedOut]);
        if (read.done) throw new Error(`the stream ended before a ${type} event`);
        buffer += read.value;
      }
    },
    lastId: () => lastId,
    close: () => void reader.cancel().catch(() => {}),
  };
}
