/**
 * One HTTP exchange with a platform: keep-alive connections, one deadline over the whole exchange,
 * a bounded answer, and failures as UpstreamErrors (`unreachable`, `timeout`, `bad-response`).
 *
 * Built on node:http rather than fetch: on the fee-quote hot path fetch's streams and abort
 * machinery cost more CPU than the signing and 3DES together (see BENCHMARKS.md).
 *
 * Every finished exchange is published on the `lane-kiosk:upstream` diagnostics channel, so
 * metrics and health watch the platforms without the adapters knowing about them.
 */
import diagnostics from 'node:diagnostics_channel';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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
}

export const UPSTREAM_CHANNEL = 'lane-kiosk:upstream';
const channel = diagnostics.channel(UPSTREAM_CHANNEL);

/** Platform answers are small JSON documents; anything bigger is garbage, not a bill. */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' }),
};

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
  try {
    const { status, text } = await exchange(call);
    outcome = 'answered';
    try {
      return { status, json: JSON.parse(text) as unknown };
    } catch (cause) {
      throw new UpstreamError(call.platform, 'bad-response', `http-${status}`, `${call.what} answered HTTP ${status} without JSON`, { cause });
    }
  } finally {
    if (channel.hasSubscribers) {
      channel.publish({ platform: call.platform, url: call.url, outcome, seconds: (performance.now() - started) / 1000 } satisfies UpstreamExchange);
    }
  }
}

function exchange(call: UpstreamRequest): Promise<{ status: number; text: string }> {
  const url = new URL(call.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = agents[url.protocol as keyof typeof agents];
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: UpstreamError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.destroy();
      reject(error);
    };
    const deadline = setTimeout(
      () => fail(new UpstreamError(call.platform, 'timeout', 'timeout', `${call.what}: no answer within ${call.timeoutMs} ms`)),
      call.timeoutMs,
    );
    const headers: Record<string, string | number> = { accept: 'application/json', ...call.headers };
    if (call.body !== undefined) headers['content-length'] = Buffer.byteLength(call.body);
    const req = send(url, { method: call.method, headers, agent }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          fail(new UpstreamError(call.platform, 'bad-response', `http-${res.statusCode}`, `${call.what} answered more than ${MAX_ANSWER_BYTES} bytes`));
        } else chunks.push(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks, size).toString('utf8') });
      });
      const brokeOff = (cause?: unknown) => fail(new UpstreamError(call.platform, 'unreachable', 'unreachable', `${call.what}: the answer broke off`, { cause }));
      res.on('error', brokeOff);
      res.on('close', () => res.complete || brokeOff());
    });
    req.on('error', (cause) => fail(new UpstreamError(call.platform, 'unreachable', 'unreachable', `${call.what}: platform unreachable`, { cause })));
    req.end(call.body);
  });
}
