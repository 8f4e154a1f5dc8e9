/** Calls a running proxy's JSON API, and reads its lane event streams, for node tests. */

export interface ApiAnswer {
  status: number;
  body: any;
}

export type ApiCall = (path: string, init?: RequestInit & { key?: string | null; json?: unknown }) => Promise<ApiAnswer>;

/** `key` is sent as the Bearer token unless a call passes its own, or null for none. */
export function apiClient(baseUrl: () => string, defaultKey: string): ApiCall {
  return async (path, init = {}) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (init.key !== null) headers.authorization = `Bearer ${init.key ?? defaultKey}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl()}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

export interface LaneStream {
  /** Resolves with the next event of `type` (parsed data); rejects after `timeoutMs`. */
  next(type: string, timeoutMs?: number): Promise<any>;
  close(): void;
}

/** Opens a lane's SSE stream and waits until the server has accepted it. */
export async function openLaneStream(baseUrl: string, laneId: string, key: string): Promise<LaneStream> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/lanes/${laneId}/events`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const frames: Array<{ event: string; data: string }> = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data });
        }
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    async next(type, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = frames.findIndex((f) => f.event === type);
        if (index >= 0) return JSON.parse(frames.splice(index, 1)[0]!.data);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${type} event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
    },
    close: () => controller.abort(),
  };
}
