/**
 * ETCP as a lot's fee source: orderunpay to quote, orderpaid to tell ETCP the driver paid
 * (seeds/001 §9.7, §9.8). Both need the union-login token, which EtcpSession keeps. With the lot's
 * ETCP parkId configured, parkpoiavailable gives its free spaces (seeds/000 §8.11; v2's
 * parkingstatus states only words such as "充足", no count).
 */
import { createHash } from 'node:crypto';
import { parseYuan } from '../../../core/money.js';
import { formatBeijing, minutesBetween, parseBeijing } from '../../../core/time.js';
import { UpstreamError } from '../../errors.js';
import type { FeeSource, FeeSourceCapability, PaymentConfirmation, UpstreamBill } from '../types.js';
import type { EtcpClient } from './client.js';
import { ETCP_AMOUNT_MISMATCH, EtcpError } from './errors.js';
import { EtcpSession } from './session.js';

interface UnpaidOrder {
  orderId?: unknown;
  entranceTime?: unknown;
  exitTime?: unknown;
  parkingFee?: unknown;
  remainingFee?: unknown;
  verificationInfo?: unknown;
}

function yuan(order: UnpaidOrder, field: 'parkingFee' | 'remainingFee'): number {
  try {
    return parseYuan(order[field] as string | number);
  } catch (cause) {
    throw new UpstreamError('etcp', 'bad-response', field, `ETCP ${field} is not a yuan amount: ${JSON.stringify(order[field])}`, { cause });
  }
}

function time(order: UnpaidOrder, field: 'entranceTime' | 'exitTime'): number | null {
  if (typeof order[field] !== 'string' || order[field] === '') return null;
  try {
    return parseBeijing(order[field] as string);
  } catch (cause) {
    throw new UpstreamError('etcp', 'bad-response', field, `ETCP ${field} unreadable: ${String(order[field])}`, { cause });
  }
}

export class EtcpFeeSource implements FeeSource {
  readonly platform = 'etcp';
  readonly capabilities: ReadonlySet<FeeSourceCapability>;
  readonly session: EtcpSession;

  constructor(
    private readonly client: EtcpClient,
    private readonly now: () => number = Date.now,
  ) {
    this.session = new EtcpSession(client, now);
    this.capabilities = new Set(client.credentials.parkId === null ? ['quote', 'confirm-payment'] : ['quote', 'confirm-payment', 'free-spaces']);
  }

  /** availableLotsTotal of this lot in parkpoiavailable (no login needed); null when ETCP does not list the lot. */
  async freeSpaces(): Promise<number | null> {
    const { parkId } = this.client.credentials;
    const data = await this.client.call<unknown>('parkpoiavailable', { parkId: [parkId] }, 'POST', 'common');
    if (!Array.isArray(data)) throw new UpstreamError('etcp', 'bad-response', 'data', 'ETCP parkpoiavailable data is not a list');
    const lot = (data as Array<{ parkId?: unknown; availableLotsTotal?: unknown }>).find((entry) => String(entry?.parkId) === parkId);
    if (!lot) return null;
    const free = Number(lot.availableLotsTotal);
    if (!Number.isSafeInteger(free) || free < 0) throw new UpstreamError('etcp', 'bad-response', 'availableLotsTotal', `ETCP availableLotsTotal is not a count: ${JSON.stringify(lot.availableLotsTotal)}`);
    return free;
  }

  async quote(plate: string): Promise<UpstreamBill> {
    const order = await this.unpaidOrder(plate);
    if (!order) return { status: 'no-entry-record', plate, enteredAtMs: null, minutes: 0, payableFen: 0, discountFen: 0, paidFen: 0, dueFen: 0, settlement: {} };
    const payableFen = yuan(order, 'parkingFee');
    const dueFen = yuan(order, 'remainingFee');
    if (typeof order.orderId !== 'string' || typeof order.verificationInfo !== 'string') {
      throw new UpstreamError('etcp', 'bad-response', 'orderId', 'ETCP unpaid order lacks orderId or verificationInfo');
    }
    const enteredAtMs = time(order, 'entranceTime');
    const until = time(order, 'exitTime') ?? this.now();
    return {
      status: dueFen > 0 ? 'due' : 'nothing-to-pay',
      // ETCP masks carNumber ("渝****87"), so the plate asked about is the one to show.
      plate,
      enteredAtMs,
      minutes: enteredAtMs === null ? 0 : minutesBetween(enteredAtMs, until),
      payableFen,
      // ETCP states no discount apart: whatever the total exceeds the remainder by is already settled.
      discountFen: 0,
      paidFen: Math.max(0, payableFen - dueFen),
      dueFen,
      settlement: { orderId: order.orderId, verificationInfo: order.verificationInfo, remainingFee: String(order.remainingFee) },
    };
  }

  /**
   * orderpaid with the remainder exactly as ETCP stated it. externalOrderId derives from the order
   * and the payment, so a retried confirmation is the same ETCP call. On 20206 (the fee moved since
   * the quote) it re-queries: if the new remainder is still what was paid, it pays with the fresh
   * verificationInfo; otherwise the payment no longer covers the stay and the caller must re-quote.
   */
  async confirmPaid(bill: UpstreamBill, payment: PaymentConfirmation): Promise<void> {
    const externalOrderId = `LK${createHash('sha256').update(`${bill.settlement.orderId}|${payment.paymentRef}`).digest('hex').slice(0, 30)}`;
    try {
      await this.orderPaid(bill.settlement, externalOrderId);
    } catch (error) {
      if (!(error instanceof EtcpError) || error.etcpCode !== ETCP_AMOUNT_MISMATCH) throw error;
      const fresh = await this.quote(bill.plate);
      if (fresh.dueFen !== payment.amountFen || fresh.settlement.orderId !== bill.settlement.orderId) {
        throw new EtcpError('amount-mismatch', ETCP_AMOUNT_MISMATCH, `ETCP now wants ${fresh.dueFen} fen for ${bill.plate}, the payment was ${payment.amountFen} fen: re-quote`);
      }
      await this.orderPaid(fresh.settlement, externalOrderId);
    }
  }

  private async orderPaid(settlement: Record<string, string>, externalOrderId: string): Promise<void> {
    const { appId } = this.client.credentials;
    await this.session.withToken((token) =>
      this.client.call(
        'orderpaid',
        {
          token,
          orderId: settlement.orderId,
          externalOrderId,
          payment: settlement.remainingFee,
          payTime: formatBeijing(this.now()),
          verificationInfo: settlement.verificationInfo,
          appId,
        },
        'POST',
      ),
    );
  }

  private async unpaidOrder(plate: string): Promise<UnpaidOrder | null> {
    const { appId } = this.client.credentials;
    const data = await this.session.withToken((token) => this.client.call<unknown>('orderunpay', { token, plateNumber: plate, appId }, 'GET'));
    if (data === null || data === undefined) return null;
    if (!Array.isArray(data)) throw new UpstreamError('etcp', 'bad-response', 'data', 'ETCP orderunpay data is not a list');
    // The newest stay is the one at the exit now.
    const orders = (data as UnpaidOrder[]).filter((o) => o && typeof o === 'object');
    orders.sort((a, b) => (time(b, 'entranceTime') ?? 0) - (time(a, 'entranceTime') ?? 0));
    return orders[0] ?? null;
  }
}
