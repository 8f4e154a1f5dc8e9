/**
 * The lot's side of Shanghai unified payment (seeds/003 §5.3.2, §5.3.4, §5.3.7, §5.3.8): the
 * platform asks the lot for a fee, tells it a payment succeeded, asks for invoiceable payments and
 * for a car. Each call is bound to the lot whose password signed it: it can see and settle only
 * that lot's quotes and cars. The fee query answers within 2 s whatever the fee source does, from
 * the last valid quote if it must.
 *
 * What authenticates a call (§4.2: "市平台通知接口也采用此防篡改策略"): the `sign` header, MD5 of
 * password|body over the exact bytes. The spec promises the platform's calls that sign and nothing
 * else, so the nonce/curTime/checkSum query is optional; when present it must be whole and valid.
 * Freshness and replay both come from what the sign covers: the body's own dateTime (or dataTime)
 * must be within 5 minutes, and a sign is accepted once, so a captured call replayed with or
 * without its query is refused.
 */
import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../auth.js';
import type { IncomingMessage } from 'node:http';
import { checkPlate } from '../../core/plate.js';
import type { Quote } from '../../core/quote.js';
import { withDeadline } from '../deadline.js';
import { ApiError, SignatureError } from '../errors.js';
import type { Logger } from '../log.js';
import { cityOrderFields } from '../providers/shanghai/order-fields.js';
import type { StateStore } from '../state/store.js';
import { shanghaiBodyProblem, type ShanghaiCallbackKind } from './schemas.js';
import type { LotRuntime } from '../lot-runtime.js';
import type { QuoteService } from '../quotes.js';

export interface ShanghaiAnswer {
  code: number;
  message: string;
  data?: Record<string, unknown> | Array<Record<string, unknown>>;
}

/** What the lot's city account signs with, and the account the optional query must name. */
export interface CallbackCredentials {
  appId: string;
  password: string;
}

/** A lot with the city platform: its reporter keeps the ledger of business ids and settlements. */
export type CityLot = LotRuntime & { city: NonNullable<LotRuntime['city']>; unifiedPayment: NonNullable<LotRuntime['unifiedPayment']> };

/** Bound on the fee source inside the 2 s the platform allows, leaving room for the network. */
const FEE_SOURCE_BUDGET_MS = 1500;
const WINDOW_MS = 5 * 60_000;

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

export class ShanghaiCallbacks {
  /** The latest quote per lot and plate, for a fee query while the fee source is slow. */
  private readonly lastQuotes = new Map<string, Quote>();

  constructor(
    private readonly store: StateStore,
    private readonly quotes: QuoteService,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Authenticates one call (see the module comment) and answers it for `lot`. An answer that is
   * not a success frees the call's replay record: the platform may send the very same bytes again
   * (a notify whose confirmation failed upstream must be able to succeed on its retry), and a
   * replay of a call that changed nothing can change nothing either.
   */
  async answer(lot: CityLot, kind: ShanghaiCallbackKind, req: IncomingMessage, body: string, url: URL): Promise<ShanghaiAnswer> {
    const account = lot.settings.cityPlatform!;
    const { payload, replayKey } = await this.authenticate(req, body, account, url, kind);
    let answer: ShanghaiAnswer | undefined;
    try {
      if (kind === 'fee-query') answer = await this.feeQuery(lot, payload);
      else if (kind === 'payment-notify') answer = await this.paymentNotify(lot, payload);
      else if (kind === 'invoice') answer = await this.invoice(lot, payload);
      else answer = await this.findCar(lot, payload);
      return answer;
    } finally {
      if (answer?.code !== 0) await this.store.delete(replayKey);
    }
  }

  private async authenticate(
    req: IncomingMessage,
    body: string,
    account: CallbackCredentials,
    url: URL,
    kind: ShanghaiCallbackKind,
  ): Promise<{ payload: Record<string, unknown>; replayKey: string }> {
    const sign = req.headers.sign;
    const expected = md5(`${account.password}|${body}`);
    if (typeof sign !== 'string' || !constantTimeEqual(sign.toLowerCase(), expected)) {
      throw new SignatureError('1007', 'sign does not match the body');
    }
    this.checkQuery(url.searchParams, account);
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw new ApiError(400, '3004', 'body is not JSON');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new ApiError(400, '3000', '数据验证错误: body must be a JSON object');
    const problem = shanghaiBodyProblem(kind, payload);
    if (problem) throw new ApiError(400, problem.kind === 'enum' ? '3001' : '3000', `${problem.kind === 'enum' ? '无效的枚举类型' : '数据验证错误'}: ${problem.message}`);
    const sentAt = Number(payload.dateTime ?? payload.dataTime);
    if (!Number.isSafeInteger(sentAt) || Math.abs(this.now() - sentAt) > WINDOW_MS) throw new ApiError(401, '1007', 'dateTime missing or outside the 5-minute window');
    // Keyed on the sign alone: it covers every byte, the time included. Remembered for twice the
    // window: by then the time check refuses the replay on its own.
    const replayKey = `replay:shanghai:${expected}`;
    if (!(await this.store.claim(replayKey, sentAt, 2 * WINDOW_MS))) throw new ApiError(409, '1007', 'this request was already received');
    return { payload, replayKey };
  }

  /** The §4 query, when the platform sends it: all of it, for this account, with a current curTime. */
  private checkQuery(query: URLSearchParams, account: CallbackCredentials): void {
    const [appId, nonce, curTime, checkSum] = ['appId', 'nonce', 'curTime', 'checkSum'].map((name) => query.get(name));
    if (!appId && !nonce && !curTime && !checkSum) return;
    if (!nonce || !curTime || !checkSum) throw new SignatureError('1006', 'nonce, curTime and checkSum go together; send all three or none');
    if (appId !== null && appId !== account.appId) throw new SignatureError('1001', 'appId is not this lot’s account');
    if (!constantTimeEqual(checkSum.toLowerCase(), sha1(`${account.password}${nonce}${curTime}`))) throw new SignatureError('1007', 'checkSum does not match');
    // Seconds per the spec; some platforms send milliseconds.
    const sentAt = /^\d{10}$/.test(curTime) ? Number(curTime) * 1000 : /^\d{13}$/.test(curTime) ? Number(curTime) : NaN;
    if (!(Math.abs(this.now() - sentAt) <= WINDOW_MS)) throw new ApiError(401, '1007', 'curTime missing or outside the 5-minute window');
  }

  private async feeQuery(lot: CityLot, payload: Record<string, unknown>): Promise<ShanghaiAnswer> {
    const asked = this.plateAsked(lot, payload);
    if ('code' in asked) return asked;
    const memo = `${lot.settings.lotId}|${asked.plate}`;
    let quote: Quote | null;
    try {
      quote = await withDeadline(this.quotes.quote(lot, 'city-shanghai', asked.plate), FEE_SOURCE_BUDGET_MS);
    } catch (error) {
      this.log.warn('shanghai fee query: fee source failed or slow', { lotId: lot.settings.lotId, plate: asked.plate, err: error });
      const last = this.lastQuotes.get(memo);
      quote = last && Date.parse(last.expiresAt) > this.now() ? last : null;
      if (!quote) return { code: 2004, message: '网络繁忙，请稍后重试 fee source unavailable' };
    }
    if (quote.status === 'no-entry-record') return { code: 404, message: '车辆不在场内 no entry record' };
    this.remember(memo, quote);
    const stay = await lot.city.ledger.stayOf(quote, this.now());
    return {
      code: 0,
      message: 'success',
      data: {
        parkingId: lot.city.ledger.parkingId,
        ...cityOrderFields(quote, stay, payload.vehicleType === 2 ? 2 : 1),
        remark: quote.status === 'nothing-to-pay' ? '无需缴费' : '',
        dateTime: this.now(),
      },
    };
  }

  /** The plate a plate-query names, once its parkingId is this lot's; else the platform's refusal. */
  private plateAsked(lot: CityLot, payload: Record<string, unknown>): { plate: string } | ShanghaiAnswer {
    if (payload.parkingId !== lot.city.ledger.parkingId) return { code: 1002, message: 'parkingId is not this lot' };
    const plate = typeof payload.plateId === 'string' ? checkPlate(payload.plateId) : null;
    return plate?.ok ? { plate: plate.plate } : { code: 3000, message: 'plateId is not a valid plate' };
  }

  /** Keeps the latest quote for a slow fee source; expired ones can never be used, so they go. */
  private remember(memo: string, quote: Quote): void {
    this.lastQuotes.delete(memo);
    this.lastQuotes.set(memo, quote);
    for (const [key, held] of this.lastQuotes) {
      if (Date.parse(held.expiresAt) > this.now()) break;
      this.lastQuotes.delete(key);
    }
  }

  /**
   * §5.3.7: payments made at this lot outside the city platform, which the platform may invoice.
   * Only WeChat (2) and Alipay (3) are invoiceable there.
   */
  private async invoice(lot: CityLot, payload: Record<string, unknown>): Promise<ShanghaiAnswer> {
    const asked = this.plateAsked(lot, payload);
    if ('code' in asked) return asked;
    const payTypes: Record<string, number> = { wechat: 2, alipay: 3 };
    const payments = (await this.quotes.paymentsOf(lot.settings.lotId, asked.plate)).filter(({ event }) => event.channel in payTypes);
    const invoiceable = await Promise.all(
      payments.map(async ({ quote, event }) => ({
        businessId: (await lot.city.ledger.stayOf(quote, Date.parse(event.paidAt))).businessId,
        orderId: quote.quoteId,
        payMoney: event.paidFen,
        payType: payTypes[event.channel]!,
        payTime: Date.parse(event.paidAt),
      })),
    );
    return { code: 0, message: 'success', data: invoiceable };
  }

  /**
   * §5.3.8: where the car is parked. The lot knows the car is in (its fee source has the stay) but
   * keeps no berth-level positions, so the store is the lot and berth and floor are empty.
   */
  private async findCar(lot: CityLot, payload: Record<string, unknown>): Promise<ShanghaiAnswer> {
    const asked = this.plateAsked(lot, payload);
    if ('code' in asked) return asked;
    let quote: Quote;
    try {
      quote = await withDeadline(this.quotes.quote(lot, 'city-shanghai', asked.plate), FEE_SOURCE_BUDGET_MS);
    } catch {
      return { code: 2004, message: '网络繁忙，请稍后重试 fee source unavailable' };
    }
    if (quote.status === 'no-entry-record') return { code: 404, message: '车辆不在场内 no entry record' };
    return {
      code: 0,
      message: 'success',
      data: {
        parkingId: lot.city.ledger.parkingId,
        businessId: (await lot.city.ledger.stayOf(quote, this.now())).businessId,
        plateId: quote.plate,
        vehicleType: payload.vehicleType === 2 ? 2 : 1,
        parkingStore: lot.settings.name,
        parkingFloor: '',
        berthId: '',
        remark: '本场未提供泊位级定位 no berth-level positions',
        dateTime: this.now(),
      },
    };
  }

  /**
   * §5.3.4: settles one of this lot's quotes. A quote of another lot is as unknown here as one that
   * never existed (3000): a notify signed for one lot can never pay another's bill.
   */
  private async paymentNotify(lot: CityLot, payload: Record<string, unknown>): Promise<ShanghaiAnswer> {
    if (payload.parkingId !== lot.city.ledger.parkingId) return { code: 1002, message: 'parkingId is not this lot' };
    // Types and ranges were checked against the schema in authenticate.
    const { orderId, payMoney, payStatus, payType, plateId } = payload as { orderId: string; payMoney: number; payStatus: 1 | 2; payType?: number; plateId?: string };
    const quote = await this.quotes.find(orderId);
    if (!quote || quote.lotId !== lot.settings.lotId) return { code: 3000, message: `no payable order ${orderId} at this lot; it may have expired` };
    if (plateId !== undefined && checkPlate(plateId).plate !== quote.plate) return { code: 3003, message: `order ${orderId} is for another plate` };
    if (payStatus === 2) {
      this.log.info('shanghai payment failed', { lotId: lot.settings.lotId, orderId });
      return { code: 0, message: 'success' };
    }
    const channel = `shanghai-${String(payType)}`;
    try {
      const result = await this.quotes.confirmPayment(orderId, { amountFen: payMoney, channel, paymentRef: orderId });
      await lot.unifiedPayment.recordSettlement(quote, payMoney, channel);
      this.log.info('shanghai payment notified', { lotId: lot.settings.lotId, orderId, duplicate: result.duplicate });
      return { code: 0, message: 'success' };
    } catch (error) {
      if (error instanceof ApiError) return { code: error.status === 404 ? 3000 : 3003, message: error.message };
      // Upstream confirmation failed: the platform retries its notification.
      return { code: 2004, message: `confirmation upstream failed: ${(error as Error).message}` };
    }
  }
}
