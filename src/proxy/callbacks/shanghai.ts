/**
 * The lot's side of Shanghai unified payment (seeds/003 §5.3.2, §5.3.4): the platform asks the lot
 * for a fee and tells it a payment succeeded. Every call must carry a valid `sign` header; a
 * request timestamp outside the window, or a nonce seen before, is a replay. The fee query answers
 * within 2 s whatever the fee source does, from the last valid quote if it must.
 */
import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../auth.js';
import type { IncomingMessage } from 'node:http';
import { checkPlate } from '../../core/plate.js';
import type { Quote } from '../../core/quote.js';
import { withDeadline } from '../deadline.js';
import { ApiError, SignatureError } from '../errors.js';
import type { Logger } from '../log.js';
import { arrivalTimeOf, cityOrderFields } from '../providers/shanghai/order-fields.js';
import type { ShanghaiReporter } from '../providers/shanghai/reporter.js';
import type { StateStore } from '../state/store.js';
import { shanghaiBodyProblem, type ShanghaiCallbackKind } from './schemas.js';
import type { LotRuntime, QuoteService } from '../quotes.js';

export interface ShanghaiAnswer {
  code: number;
  message: string;
  data?: Record<string, unknown> | Array<Record<string, unknown>>;
}

/** Bound on the fee source inside the 2 s the platform allows, leaving room for the network. */
const FEE_SOURCE_BUDGET_MS = 1500;
const WINDOW_MS = 5 * 60_000;

export class ShanghaiCallbacks {
  private readonly lastQuotes = new Map<string, Quote>();

  constructor(
    private readonly store: StateStore,
    private readonly quotes: QuoteService,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Verifies the sign over the exact body bytes, the optional checkSum, and the replay window. */
  async authenticate(req: IncomingMessage, body: string, password: string, url: URL, kind: ShanghaiCallbackKind): Promise<Record<string, unknown>> {
    const sign = req.headers.sign;
    const expected = createHash('md5').update(`${password}|${body}`, 'utf8').digest('hex');
    if (typeof sign !== 'string' || !constantTimeEqual(sign.toLowerCase(), expected)) {
      throw new SignatureError('1007', 'sign does not match the body');
    }
    const nonce = url.searchParams.get('nonce');
    const curTime = url.searchParams.get('curTime');
    const checkSum = url.searchParams.get('checkSum');
    if (nonce || curTime || checkSum) {
      const sum = createHash('sha1').update(`${password}${nonce ?? ''}${curTime ?? ''}`, 'utf8').digest('hex');
      if (!checkSum || !constantTimeEqual(checkSum.toLowerCase(), sum)) throw new SignatureError('1007', 'checkSum does not match');
    }
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
    // Remembered for twice the window: by then the dateTime check refuses the replay on its own.
    const fresh = await this.store.claim(`nonce:shanghai:${nonce ?? ''}|${expected}`, sentAt, 2 * WINDOW_MS);
    if (!fresh) throw new ApiError(409, '1007', 'this request was already received');
    return payload;
  }

  async feeQuery(lot: LotRuntime, reporter: ShanghaiReporter, parkingId: string, payload: Record<string, unknown>): Promise<ShanghaiAnswer> {
    if (payload.parkingId !== parkingId) return { code: 1002, message: 'parkingId is not this lot' };
    const plate = typeof payload.plateId === 'string' ? checkPlate(payload.plateId) : null;
    if (!plate?.ok) return { code: 3000, message: 'plateId is not a valid plate' };
    let quote: Quote | null = null;
    try {
      quote = await withDeadline(this.quotes.quote(lot, 'city-shanghai', plate.plate), FEE_SOURCE_BUDGET_MS);
    } catch (error) {
      this.log.warn('shanghai fee query: fee source failed or slow', { plate: plate.plate, err: error });
      const last = this.lastQuotes.get(plate.plate);
      quote = last && Date.parse(last.expiresAt) > this.now() ? last : null;
      if (!quote) return { code: 2004, message: '网络繁忙，请稍后重试 fee source unavailable' };
    }
    if (quote.status === 'no-entry-record') return { code: 404, message: '车辆不在场内 no entry record' };
    this.remember(plate.plate, quote);
    const businessId = reporter.seqFor(plate.plate, arrivalTimeOf(quote, this.now()));
    return {
      code: 0,
      message: 'success',
      data: {
        parkingId,
        ...cityOrderFields(quote, businessId, payload.vehicleType === 2 ? 2 : 1, this.now()),
        remark: quote.status === 'nothing-to-pay' ? '无需缴费' : '',
      },
    };
  }

  /** Keeps the plate's latest quote for a slow fee source; expired ones can never be used, so they go. */
  private remember(plate: string, quote: Quote): void {
    this.lastQuotes.delete(plate);
    this.lastQuotes.set(plate, quote);
    for (const [key, held] of this.lastQuotes) {
      if (Date.parse(held.expiresAt) > this.now()) break;
      this.lastQuotes.delete(key);
    }
  }

  /**
   * §5.3.7: payments made at this lot outside the city platform, which the platform may invoice.
   * Only WeChat (2) and Alipay (3) are invoiceable there.
   */
  async invoice(lot: LotRuntime, reporter: ShanghaiReporter, parkingId: string, payload: Record<string, unknown>): Promise<ShanghaiAnswer> {
    if (payload.parkingId !== parkingId) return { code: 1002, message: 'parkingId is not this lot' };
    const plate = typeof payload.plateId === 'string' ? checkPlate(payload.plateId) : null;
    if (!plate?.ok) return { code: 3000, message: 'plateId is not a valid plate' };
    const payTypes: Record<string, number> = { wechat: 2, alipay: 3 };
    const invoiceable = (await this.quotes.paymentsOf(lot.settings.lotId, plate.plate))
      .filter(({ event }) => event.channel in payTypes)
      .map(({ quote, event }) => ({
        businessId: reporter.seqFor(quote.plate, quote.enteredAt ? Date.parse(quote.enteredAt) : Date.parse(event.paidAt)),
        orderId: quote.quoteId,
        payMoney: event.paidFen,
        payType: payTypes[event.channel]!,
        payTime: Date.parse(event.paidAt),
      }));
    return { code: 0, message: 'success', data: invoiceable as unknown as Record<string, unknown> };
  }

  /**
   * §5.3.8: where the car is parked. The lot knows the car is in (its fee source has the stay) but
   * keeps no berth-level positions, so the store is the lot and berth and floor are empty.
   */
  async findCar(lot: LotRuntime, reporter: ShanghaiReporter, parkingId: string, payload: Record<string, unknown>): Promise<ShanghaiAnswer> {
    if (payload.parkingId !== parkingId) return { code: 1002, message: 'parkingId is not this lot' };
    const plate = typeof payload.plateId === 'string' ? checkPlate(payload.plateId) : null;
    if (!plate?.ok) return { code: 3000, message: 'plateId is not a valid plate' };
    let quote: Quote;
    try {
      quote = await withDeadline(this.quotes.quote(lot, 'city-shanghai', plate.plate), FEE_SOURCE_BUDGET_MS);
    } catch {
      return { code: 2004, message: '网络繁忙，请稍后重试 fee source unavailable' };
    }
    if (quote.status === 'no-entry-record') return { code: 404, message: '车辆不在场内 no entry record' };
    return {
      code: 0,
      message: 'success',
      data: {
        parkingId,
        businessId: reporter.seqFor(quote.plate, quote.enteredAt ? Date.parse(quote.enteredAt) : this.now()),
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

  async paymentNotify(parkingId: string, payload: Record<string, unknown>): Promise<ShanghaiAnswer> {
    if (payload.parkingId !== parkingId) return { code: 1002, message: 'parkingId is not this lot' };
    // Types and ranges were checked against the schema in authenticate.
    const { orderId, payMoney, payStatus, payType } = payload as { orderId: string; payMoney: number; payStatus: 1 | 2; payType?: number };
    if (payStatus === 2) {
      this.log.info('shanghai payment failed', { orderId });
      return { code: 0, message: 'success' };
    }
    try {
      const result = await this.quotes.confirmPayment(orderId, { amountFen: payMoney, channel: `shanghai-${String(payType)}`, paymentRef: orderId });
      this.log.info('shanghai payment notified', { orderId, duplicate: result.duplicate });
      return { code: 0, message: 'success' };
    } catch (error) {
      if (error instanceof ApiError) return { code: error.status === 404 ? 3000 : 3003, message: error.message };
      // Upstream confirmation failed: the platform retries its notification.
      return { code: 2004, message: `confirmation upstream failed: ${(error as Error).message}` };
    }
  }
}
