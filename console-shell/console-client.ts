/**
 * The console's link to the proxy: JSON calls with precise errors, and the live stream, which
 * resynchronises the whole board from a fresh snapshot on every (re)connect, so a console that lost
 * its connection is right again without a reload.
 */
import type { AuditRecord } from '../src/core/attendant/audit.js';
import type { Call } from '../src/core/attendant/calls.js';
import type { BoardLane } from '../src/core/attendant/lane-board.js';
import type { RemoteActionKind, RemoteActionReport, StaffAccount } from '../src/core/attendant/staff-access.js';
import type { CallSignalMessage } from '../src/client/call-peer.js';

export class ConsoleApiError extends Error {
  override name = 'ConsoleApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Every request gives up after this long: the console never hangs on a dead proxy. */
const REQUEST_TIMEOUT_MS = 10_000;

async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ConsoleApiError(0, 'network', (error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } & Record<string, unknown> };
  if (!response.ok) {
    const { code = `http-${response.status}`, message = response.statusText, ...rest } = body.error ?? { code: undefined, message: undefined };
    const extra: Record<string, unknown> = { ...rest };
    if (response.status === 429) extra.retryAfter = Number(response.headers.get('retry-after') ?? 1);
    throw new ConsoleApiError(response.status, code, message, extra);
  }
  return body as T;
}

export interface ActionRequest {
  kind: RemoteActionKind;
  reason: string;
  amountFen?: number;
  plate?: string;
}

export interface AuditQuery {
  from?: number;
  to?: number;
  kind?: string;
  lane?: string;
  staff?: string;
}

export const consoleApi = {
  signIn: (staffId: string, password: string) => request<{ staff: StaffAccount }>('api/sign-in', { method: 'POST', body: { staffId, password } }),
  signOut: () => request<void>('api/sign-out', { method: 'POST' }),
  me: () => request<{ staff: StaffAccount }>('api/me'),
  answer: (callId: string) => request<Call>(`api/calls/${encodeURIComponent(callId)}/answer`, { method: 'POST' }),
  end: (callId: string) => request<Call>(`api/calls/${encodeURIComponent(callId)}/end`, { method: 'POST' }),
  signal: (callId: string, signal: CallSignalMessage) => request<void>(`api/calls/${encodeURIComponent(callId)}/signal`, { method: 'POST', body: signal }),
  act: (lotId: string, laneId: string, action: ActionRequest) => request<{ actionId: string }>(`api/lanes/${encodeURIComponent(lotId)}/${encodeURIComponent(laneId)}/actions`, { method: 'POST', body: action }),
  audit: (query: AuditQuery) => request<{ records: AuditRecord[] }>(`api/audit?${auditParams(query)}`),
  auditCsvUrl: (query: AuditQuery) => `api/audit?${auditParams(query)}&format=csv`,
};

function auditParams(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}

export interface StreamHandlers {
  snapshot(data: { lanes: BoardLane[]; calls: Call[]; serverNow: number }): void;
  lane(lane: BoardLane): void;
  call(call: Call): void;
  signal(data: { callId: string; signal: CallSignalMessage }): void;
  /** A lane's word on a remote action: done, or why not. */
  outcome(report: RemoteActionReport): void;
  /**
   * `live` after a snapshot, `reconnecting` while the link is down, `signed-out` when the session
   * ended, `replaced` when a newer stream of this session took this one's place (the stream stops).
   */
  link(state: 'live' | 'reconnecting' | 'signed-out' | 'replaced'): void;
}

/** Silence longer than this (the proxy pings every 5 s) means a half-open link: reconnect. */
const STREAM_SILENCE_MS = 12_000;
/** After the proxy refused the stream (too many open, or an error), the next try waits this long. */
const REFUSED_RETRY_MS = 5_000;

/** Opens the live stream; returns its close. */
export function openStream(handlers: StreamHandlers): () => void {
  let source: EventSource | null = null;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const alive = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(reconnect, STREAM_SILENCE_MS);
  };
  const parse = <T>(event: MessageEvent) => JSON.parse(event.data as string) as T;
  function connect(): void {
    source = new EventSource('api/events');
    alive();
    const on = (name: string, handle: (event: MessageEvent) => void) =>
      source!.addEventListener(name, (event) => {
        alive();
        handle(event);
      });
    on('snapshot', (e) => {
      handlers.snapshot(parse(e));
      handlers.link('live');
    });
    on('lane', (e) => handlers.lane(parse(e)));
    on('call', (e) => handlers.call(parse(e)));
    on('signal', (e) => handlers.signal(parse(e)));
    on('action-outcome', (e) => handlers.outcome(parse(e)));
    on('replaced', () => {
      stop();
      handlers.link('replaced');
    });
    // The proxy pings every 5 s, so silence means a half-open link.
    on('ping', () => {});
    source.addEventListener('error', () => {
      if (closed) return;
      handlers.link('reconnecting');
      // A closed source was refused (401 after sign-out on another instance, or the session expired).
      // Otherwise it was refused for now (429, 5xx): try again after a pause, not in a tight loop.
      if (source?.readyState === EventSource.CLOSED) {
        clearTimeout(watchdog);
        void consoleApi.me().then(
          () => (watchdog = setTimeout(reconnect, REFUSED_RETRY_MS)),
          (error: unknown) => (error instanceof ConsoleApiError && error.status === 401 ? handlers.link('signed-out') : (watchdog = setTimeout(reconnect, REFUSED_RETRY_MS))),
        );
      }
    });
  }
  function reconnect(): void {
    if (closed) return;
    source?.close();
    connect();
  }
  function stop(): void {
    closed = true;
    clearTimeout(watchdog);
    source?.close();
  }
  connect();
  return stop;
}
