/**
 * One HTTP exchange with a platform: keep-alive connections, one deadline over the whole exchange,
 * a bounded answer, and failures as UpstreamErrors (`unreachable`, `timeout`, `bad-response`).
 *
 * Built on undici's connection pools, one per platform origin: on the fee-quote hot path node:http's
 * client cost more than twice their CPU per exchange, and fetch more still (see BENCHMARKS.md).
 *
 * Every finished exchange is published on the `lane-kiosk:upstream` diagnostics channel, so
 * metrics and health watch the platforms without the adapters knowing about them.
 */
import diagnostics from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { Pool } from 'undici';
import { UpstreamError } from '../errors.js';

export interface UpstreamRequest {
  /** Which platform this is, for errors and metrics: "welink", "shanghai", "etcp". */
  platform: string;
  /** Human words for the call in error messages, e.g. "Welink /pay/queryTmpRentBill". */
  what: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface UpstreamAnswer {
  status: number;
  /** The parsed JSON body. */
  json: unknown;
}

/** What the diagnostics channel carries for each exchange. */
export interface UpstreamExchange {
  platform: string;
  url: string;
  /** `answered`: the platform sent a whole answer, good or bad; `failed`: none came. */
  outcome: 'answered' | 'failed';
  seconds: number;
  /** The answer's HTTP Date header as sent (the platform's clock, for those that state none); parsed only by who needs it. */
  date: string | null;
}

export const UPSTREAM_CHANNEL = 'lane-kiosk:upstream';
const channel = diagnostics.channel(UPSTREAM_CHANNEL);

/** Platform answers are small JSON documents; anything bigger is garbage, not a bill. */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/** As many connections per platform as lanes and partners ask at once under load; idle ones close after 4 s. */
const CONNECTIONS_PER_ORIGIN = 64;
const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: CONNECTIONS_PER_ORIGIN });
    pools.set(origin, pool);
  }
  return pool;
}

/** A form call as the platforms take them: queries as GET with the form in the URL, changes as form POST. */
export function formRequest(httpMethod: 'GET' | 'POST', url: string, form: string): Pick<UpstreamRequest, 'method' | 'url' | 'headers' | 'body'> {
  return httpMethod === 'GET'
    ? { method: 'GET', url: `${url}?${form}` }
    : { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body: form };
}

/** Sends one request and parses its JSON answer, whatever the HTTP status. */
export async function callUpstream(call: UpstreamRequest): Promise<UpstreamAnswer> {
  const started = performance.now();
  let outcome: UpstreamExchange['outcome'] = 'failed';
  let date: string | null = null;
  try {
    const answer = await exchange(call);
    const { status, text } = answer;
    outcome = 'answered';
    date = answer.date;
    try {
      return { status, json: JSON.parse(text) as unknown };
    } catch (cause) {
      throw new UpstreamError(call.platform, 'bad-response', `http-${status}`, `${call.what} answered HTTP ${status} without JSON`, { cause });
    }
  } finally {
    if (channel.hasSubscribers) {
      channel.publish({ platform: call.platform, url: call.url, outcome, seconds: (performance.now() - started) / 1000, date } satisfies UpstreamExchange);
    }
  }
}

async function exchange(call: UpstreamRequest): Promise<{ status: number; text: string; date: string | null }> {
  const url = new URL(call.url);
  // undici takes an EventEmitter as its abort signal; an AbortController per call cost ~10-20 µs more.
  const abort = new EventEmitter();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    abort.emit('abort');
  }, call.timeoutMs);
  const failure = (cause: unknown, words: string) =>
    timedOut
      ? new UpstreamError(call.platform, 'timeout', 'timeout', `${call.what}: no answer within ${call.timeoutMs} ms`, { cause })
      : new UpstreamError(call.platform, 'unreachable', 'unreachable', `${call.what}: ${words}`, { cause });
  try {
    let answer;
    try {
      answer = await poolFor(url.origin).request({
        path: `${url.pathname}${url.search}`,
        method: call.method,
        headers: { accept: 'application/json', ...call.headers },
        body: call.body,
        signal: abort,
      });
    } catch (cause) {
      throw failure(cause, 'platform unreachable');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of answer.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          answer.body.destroy();
          throw new UpstreamError(call.platform, 'bad-response', `http-${answer.statusCode}`, `${call.what} answered more than ${MAX_ANSWER_BYTES} bytes`);
        }
        chunks.push(chunk);
      }
    } catch (cause) {
      throw cause instanceof UpstreamError ? cause : failure(cause, 'the answer broke off');
    }
    const date = answer.headers.date;
    return { status: answer.statusCode, text: Buffer.concat(chunks, size).toString('utf8'), date: (Array.isArray(date) ? date[0] : date) ?? null };
  } finally {
    clearTimeout(deadline);
  }
}

/** Closes every platform connection, so a short-lived process (the doctor) ends without waiting for idle sockets. */
export async function closeUpstreams(): Promise<void> {
  const closing = [...pools.values()].map((pool) => pool.close());
  pools.clear();
  await Promise.all(closing);
}
