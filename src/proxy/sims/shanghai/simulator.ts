/**
 * The Shanghai public parking information platform, as the lot's reporting peer. Verifies appId,
 * checkSum (with a curTime window and nonce replay check) and the body's sign header exactly as
 * seeds/003 says, validates the field tables (where an interface's table and example disagree, as
 * arrive and leave do on `freeBerth`/`freePerth` and `dateTime`/`dataTime`, it takes either; where
 * they agree, as the heartbeat and submit/payment do on `dataTime`, only that), records what it
 * received, and answers heartbeats with its own clock. Independent of the adapter's signing code.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText, sendJson } from '../http-util.js';
import { MessageAnswer, requestTime, ShanghaiPaymentDesk, SimRefusal } from './payment-desk.js';

export interface ShanghaiSimOptions {
  appId: string;
  password: string;
  parkingId: string;
  windowSeconds?: number;
  /** Added to the simulator's clock, to test clock-skew detection. */
  clockOffsetMs?: number;
  now?: () => number;
}

export interface ReceivedPassage {
  via: 'realtime' | 'resend';
  kind: 'arrive' | 'leave';
  record: Record<string, unknown>;
  receivedAt: number;
}


const hex = (algorithm: string, text: string) => createHash(algorithm).update(Buffer.from(text, 'utf8')).digest('hex');

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

const ARRIVE_FIELDS = ['seq', 'plateId', 'vehicleType', 'laneType', 'freeBerth', 'parkType', 'dateTime'];
const LEAVE_FIELDS = [...ARRIVE_FIELDS, 'parkingTime', 'payMoney', 'payType'];
const PAY_TYPES = ['wechat', 'alipay', 'uppay', 'cash', 'tcard', 'unknown'];

export class ShanghaiSimulator {
  readonly passages: ReceivedPassage[] = [];
  readonly heartbeats: Array<Record<string, unknown>> = [];
  readonly refusals: Array<{ path: string; code: number; message: string }> = [];
  private readonly nonces = new Map<string, number>();
  readonly desk: ShanghaiPaymentDesk;
  /** False: the platform's calls to the lot carry only the sign header, no §4 query. */
  sendsCallbackQuery = true;

  get parkingId(): string {
    return this.options.parkingId;
  }

  constructor(private readonly options: ShanghaiSimOptions) {
    this.desk = new ShanghaiPaymentDesk(options.parkingId, () => this.clock);
  }

  /** The platform notifies the lot (at its registered path) that an order was paid. */
  async notifyPaid(orderId: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
    const target = this.desk.callbackUrls.get(2);
    const payment = this.desk.payments.get(orderId);
    if (!target || !payment) throw new Error(`no registered notify path or no payment ${orderId}`);
    // §5.3.4's table and example both spell the request time dataTime.
    return this.callLot(target.url, { ...payment, payStatus: 1, dataTime: this.clock });
  }

  private get clock(): number {
    return (this.options.now ?? Date.now)() + (this.options.clockOffsetMs ?? 0);
  }

  /** `path` is relative to the mount point, starting with /service/. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      if (req.method !== 'POST') throw new SimRefusal(3005, `unsupported method ${req.method}`);
      const body = await readBodyText(req, 2 * 1024 * 1024);
      this.authenticate(new URL(req.url ?? '', 'http://sim').searchParams, req.headers.sign, body);
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(body) as Record<string, unknown>;
      } catch {
        throw new SimRefusal(3004, 'body is not JSON');
      }
      const data = this.dispatch(path.replace(/^\/service/, ''), payload);
      if (data instanceof MessageAnswer) sendJson(res, 200, { code: 0, message: data.message });
      else sendJson(res, 200, { code: 0, message: 'success', ...(data === undefined ? {} : { data }) });
    } catch (error) {
      const refusal = error instanceof SimRefusal ? error : new SimRefusal(2901, (error as Error).message);
      this.refusals.push({ path, code: refusal.code, message: refusal.message });
      sendJson(res, 200, { code: refusal.code, message: refusal.message });
    }
  }

  /**
   * The platform's calls to the lot (fee query, payment notify), signed as the spec says. Returns
   * the lot's JSON answer and HTTP status, and how long the lot took.
   */
  async callLot(url: string, payload: Record<string, unknown>, nonce = `sim${Math.random().toString(36).slice(2)}`): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
    const body = JSON.stringify(payload);
    const curTime = String(Math.floor(this.clock / 1000));
    const query = new URLSearchParams({ appId: this.options.appId, nonce, curTime, checkSum: hex('sha1', `${this.options.password}${nonce}${curTime}`) });
    const started = performance.now();
    // §4.2 promises the lot only the sign on the platform's calls; this platform also sends the query unless told not to.
    const response = await fetch(!this.sendsCallbackQuery ? url : `${url}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', sign: hex('md5', `${this.options.password}|${body}`) },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, ms: performance.now() - started };
  }

  private authenticate(query: URLSearchParams, sign: string | string[] | undefined, body: string): void {
    const appId = query.get('appId');
    const nonce = query.get('nonce');
    const curTime = query.get('curTime');
    const checkSum = query.get('checkSum');
    if (!appId || !nonce || !curTime || !checkSum) throw new SimRefusal(1006, 'appId, nonce, curTime and checkSum are required');
    if (appId !== this.options.appId) throw new SimRefusal(1001, 'invalid appId');
    if (nonce.length > 128) throw new SimRefusal(1006, 'nonce longer than 128 characters');
    if (!sameHex(checkSum, hex('sha1', `${this.options.password}${nonce}${curTime}`))) throw new SimRefusal(1007, 'checkSum mismatch');
    if (!/^\d{10}$|^\d{13}$/.test(curTime)) throw new SimRefusal(1006, 'curTime must be epoch seconds');
    const sentAt = curTime.length === 10 ? Number(curTime) * 1000 : Number(curTime);
    const now = this.clock - (this.options.clockOffsetMs ?? 0);
    if (Math.abs(now - sentAt) > (this.options.windowSeconds ?? 300) * 1000) throw new SimRefusal(1007, 'curTime outside the allowed window');
    for (const [key, at] of this.nonces) if (now - at > (this.options.windowSeconds ?? 300) * 1000) this.nonces.delete(key);
    if (this.nonces.has(nonce)) throw new SimRefusal(1007, 'nonce replayed');
    if (typeof sign !== 'string' || !sameHex(sign, hex('md5', `${this.options.password}|${body}`))) throw new SimRefusal(1007, 'sign mismatch');
    if (/[\r\n]/.test(body)) throw new SimRefusal(3000, 'the body must not contain CR or LF');
    this.nonces.set(nonce, now);
  }

  private dispatch(path: string, payload: Record<string, unknown>): unknown {
    const lotCall = /^\/parkinglot\/([a-z]+\/[a-z]+)\/([^/]+)$/.exec(path);
    if (lotCall) {
      if (decodeURIComponent(lotCall[2]!) !== this.options.parkingId) throw new SimRefusal(1002, 'this appId may not act for that parking id');
      return this.desk.handle(lotCall[1]!, payload);
    }
    const match = /^\/(parking\/data\/parkplot\/(arrive|leave)|parking\/manage\/parkplot\/heartbeat|parking\/data\/resend)\/([^/]+)$/.exec(path);
    if (!match) throw new SimRefusal(2005, `unknown request type ${path}`);
    if (decodeURIComponent(match[3]!) !== this.options.parkingId) throw new SimRefusal(1002, 'this appId may not report for that parking id');
    if (match[2]) {
      this.passages.push({ via: 'realtime', kind: match[2] as 'arrive' | 'leave', record: this.checkPassage(match[2] as 'arrive' | 'leave', payload), receivedAt: this.clock });
      return undefined;
    }
    if (match[1]!.includes('heartbeat')) {
      for (const field of ['totalArrived', 'totalLeft', 'freeBerth']) if (typeof payload[field] !== 'number') throw new SimRefusal(3000, `${field} is required`);
      requestTime(payload, 'dataTime');
      this.heartbeats.push(payload);
      return { serverTime: this.clock };
    }
    for (const kind of ['arrive', 'leave'] as const) {
      const list = payload[kind] ?? [];
      if (!Array.isArray(list)) throw new SimRefusal(3000, `${kind} must be a list`);
      for (const record of list) this.passages.push({ via: 'resend', kind, record: this.checkPassage(kind, record as Record<string, unknown>), receivedAt: this.clock });
    }
    return undefined;
  }

  private checkPassage(kind: 'arrive' | 'leave', raw: Record<string, unknown>): Record<string, unknown> {
    const record: Record<string, unknown> = { ...raw, freeBerth: raw.freeBerth ?? raw.freePerth, dateTime: raw.dateTime ?? raw.dataTime };
    for (const field of kind === 'arrive' ? ARRIVE_FIELDS : LEAVE_FIELDS) {
      if (record[field] === undefined || record[field] === null) throw new SimRefusal(3000, `${field} is required`);
    }
    if (typeof record.seq !== 'string' || record.seq.length > 32) throw new SimRefusal(3000, 'seq must be a string of at most 32 characters');
    if (![1, 2].includes(record.vehicleType as number)) throw new SimRefusal(3001, 'vehicleType must be 1 or 2');
    if (![1, 2, 9].includes(record.laneType as number)) throw new SimRefusal(3001, 'laneType must be 1, 2 or 9');
    if (![1, 2, 3, 4, 9].includes(record.parkType as number)) throw new SimRefusal(3001, 'parkType must be 1, 2, 3, 4 or 9');
    if (typeof record.dateTime !== 'number' || !Number.isInteger(record.dateTime)) throw new SimRefusal(3000, 'dateTime must be epoch milliseconds');
    if (kind === 'leave') {
      if (!Number.isInteger(record.payMoney) || (record.payMoney as number) < 0) throw new SimRefusal(3000, 'payMoney must be whole fen');
      if (!PAY_TYPES.includes(record.payType as string)) throw new SimRefusal(3001, 'payType is not one of the enum');
    }
    return record;
  }
}
