/**
 * An embedded ETCP open platform (seeds/001): checks merchant_no, time_stamp and sign on every call,
 * keeps a union-login token per phone (the last one issued wins), cars with their unpaid orders and
 * payments, answers the lot's free spaces (common/parkpoiavailable, seeds/000 §8.11), and sends the
 * merchant signed entry, exit, unbind and auth-invalid pushes. Its signing is its own, apart from
 * the adapter's.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText, sendJson } from '../http-util.js';
import { simulatedFeeFen } from '../tariff.js';

export interface EtcpSimOptions {
  merchantNo: string;
  merchantKey: string;
  parkId: number;
  parkName: string;
  /** Where pushes go: `<pushUrl>/entry`, `/exit`, `/unbind`, `/auth-invalid`; null sends none. */
  pushUrl: string | null;
  /** 1: exit fee in fen (seeds/000); 2: in yuan (seeds/001). */
  pushVersion: 1 | 2;
  /** Public spaces of the lot (publicLotsTotal); the cars in it take from them. Default 300. */
  publicLots?: number;
  now?: () => number;
}

export interface EtcpSimCar {
  plate: string;
  orderId: string;
  synId: string;
  enteredAtMs: number;
  paidFen: number;
  /** Set by the exit push: the stay, and so the fee, stops growing; the order stays payable until settled. */
  exitedAtMs?: number;
  /** verificationInfo strings issued by orderunpay for this stay. */
  verifications: Set<string>;
}

export interface EtcpSimPayment {
  externalOrderId: string;
  orderId: string;
  plate: string;
  paymentFen: number;
  payOrderId: string;
  payTime: string;
}

export interface EtcpSimPush {
  kind: 'entry' | 'exit' | 'unbind' | 'auth-invalid';
  body: Record<string, unknown>;
  status: number;
  answer: unknown;
}

const WINDOW_MS = 5 * 60_000;
const TOKEN_LIFE_MS = 24 * 3600_000;

class EtcpFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const md5 = (text: string) => createHash('md5').update(Buffer.from(text, 'utf8')).digest('hex').toUpperCase();

/** Beijing wall clock as yyyy-MM-dd HH:mm:ss, by shifting the UTC fields eight hours. */
function beijing(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function stampToMs(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h! - 8, mi!, s!);
}

/** Yuan text or number to fen, strictly: at most two decimals. */
function fenOf(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export class EtcpSimulator {
  readonly cars = new Map<string, EtcpSimCar>();
  readonly payments = new Map<string, EtcpSimPayment>();
  readonly received: Array<{ api: string; code: number; data: unknown }> = [];
  readonly pushes: EtcpSimPush[] = [];
  /** Token → phone, and the phone's current token: a new login voids the previous one. */
  private readonly tokens = new Map<string, { phone: string; issuedMs: number }>();
  private readonly currentToken = new Map<string, string>();
  private readonly injected: Array<{ api: string; code: number }> = [];
  private readonly now: () => number;

  constructor(private readonly options: EtcpSimOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Makes the next call to `api` fail with `code`, once; for fault tests. */
  failNext(api: string, code: number): void {
    this.injected.push({ api, code });
  }

  /** Another channel logs in with the same phone: the lot's token becomes invalid. */
  signIn(phone: string): string {
    const token = randomUUID();
    const previous = this.currentToken.get(phone);
    if (previous) this.tokens.delete(previous);
    this.tokens.set(token, { phone, issuedMs: this.now() });
    this.currentToken.set(phone, token);
    return token;
  }

  /** A car already in the lot, with no push (the demo's seed cars, before the merchant listens). */
  admit(plate: string, enteredAtMs: number): EtcpSimCar {
    const car: EtcpSimCar = { plate, orderId: randomUUID().toUpperCase(), synId: randomUUID(), enteredAtMs, paidFen: 0, verifications: new Set() };
    this.cars.set(plate, car);
    return car;
  }

  /** A car drives in: the merchant gets the entry push. */
  async enter(plate: string, enteredAtMs: number): Promise<EtcpSimCar> {
    const car = this.admit(plate, enteredAtMs);
    await this.push('entry', {
      ...this.carFields(car),
      entranceTime: beijing(enteredAtMs),
      userType: '77',
      pushTime: beijing(this.now()),
      fixParkingId: '',
      remainingDays: '',
    });
    return car;
  }

  /** The car drives out: the merchant is told, with the fee still owed. */
  async exit(plate: string): Promise<EtcpSimPush | null> {
    const car = this.cars.get(plate);
    if (!car) throw new Error(`no car ${plate} in the simulated ETCP lot`);
    const now = this.now();
    car.exitedAtMs = now;
    const dueFen = this.remainingFen(car);
    // An unpaid stay stays on record (ETCP's order query still offers it), so the exit lane can collect.
    if (dueFen === 0) this.cars.delete(plate);
    const receivableFee = this.options.pushVersion === 1 ? String(dueFen) : dueFen / 100;
    return this.push('exit', {
      ...this.carFields(car),
      entranceTime: beijing(car.enteredAtMs),
      userType: '77',
      pushTime: beijing(now),
      exitTime: beijing(now),
      stayedTime: Math.floor((now - car.enteredAtMs) / 1000),
      receivableFee,
      fixParkingId: '',
      remainingDays: '',
    });
  }

  async unbind(plate: string, kind: 'unbind' | 'auth-invalid' = 'unbind'): Promise<EtcpSimPush | null> {
    return this.push(kind, { plateNumber: plate, time: beijing(this.now()) });
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    // Lot data lives under `common/` (v1 §8.11, §8.12), everything else under `openapi/`.
    const [, group, name] = /^\/merchant\/open\/1\.0\.0\/(openapi|common)\/(\w+)$/.exec(path) ?? [];
    const api = group === 'common' ? `common/${name}` : (name ?? '');
    let data: Record<string, unknown> = {};
    try {
      const params = new URLSearchParams(req.method === 'POST' ? await readBodyText(req) : new URL(req.url ?? '', 'http://sim').search.slice(1));
      data = this.authenticate(params);
      const injected = this.injected.findIndex((f) => f.api === api);
      if (injected >= 0) {
        const [fault] = this.injected.splice(injected, 1);
        throw new EtcpFailure(fault!.code, 'injected failure');
      }
      const answer = this.dispatch(api, req.method ?? 'GET', data);
      this.received.push({ api, code: 0, data });
      sendJson(res, 200, { code: 0, message: 'ok', ...(answer === undefined ? {} : { data: answer }) });
    } catch (error) {
      const failure = error instanceof EtcpFailure ? error : new EtcpFailure(2, (error as Error).message);
      this.received.push({ api, code: failure.code, data });
      sendJson(res, 200, { code: failure.code, message: failure.message });
    }
  }

  private authenticate(params: URLSearchParams): Record<string, unknown> {
    const merchantNo = params.get('merchant_no');
    const stamp = params.get('time_stamp');
    const text = params.get('data');
    const sign = params.get('sign');
    if (!merchantNo || !stamp || text === null || !sign) throw new EtcpFailure(20102, 'merchant_no, time_stamp, data and sign are required');
    if (merchantNo !== this.options.merchantNo) throw new EtcpFailure(5, '没有找到商户密钥');
    const stampMs = stampToMs(stamp);
    if (!Number.isFinite(stampMs) || Math.abs(this.now() - stampMs) > WINDOW_MS) throw new EtcpFailure(3, '时间戳超时');
    if (md5(text + this.options.merchantKey + stamp) !== sign) throw new EtcpFailure(4, '签名校验非法');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new EtcpFailure(6, '参数错误: data is not JSON');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new EtcpFailure(6, '参数错误: data must be an object');
    return data as Record<string, unknown>;
  }

  private dispatch(api: string, httpMethod: string, data: Record<string, unknown>): unknown {
    const expect = (method: string) => {
      if (httpMethod !== method) throw new EtcpFailure(1, `${api} takes ${method}`);
    };
    switch (api) {
      // The spec's URL spells it "usersigin"; accept the word it meant too.
      case 'usersigin':
      case 'usersignin':
        expect('POST');
        if (typeof data.mobilePhone !== 'string' || !/^1\d{10}$/.test(data.mobilePhone)) throw new EtcpFailure(20201, '手机号错误');
        if (typeof data.appId !== 'string' || data.appId === '') throw new EtcpFailure(20102, '缺少必要参数 appId');
        return { token: this.signIn(data.mobilePhone) };
      case 'orderunpay':
        expect('GET');
        this.checkToken(data.token);
        return this.orderUnpay(text(data, 'plateNumber'));
      case 'orderpaid':
        expect('POST');
        this.checkToken(data.token);
        return this.orderPaid(data);
      case 'common/parkpoiavailable':
        expect('POST');
        return this.parkAvailability(data.parkId);
      default:
        throw new EtcpFailure(1, `no such api ${api}`);
    }
  }

  /** Spaces of the lots asked for; ids the platform does not know are left out, as a search would. */
  private parkAvailability(parkIds: unknown): unknown[] {
    if (!Array.isArray(parkIds) || parkIds.length === 0 || !parkIds.every((id) => typeof id === 'string' && /^\d+$/.test(id))) {
      throw new EtcpFailure(6, '参数错误: parkId must be a JSON array of park id strings');
    }
    const publicLots = this.options.publicLots ?? 300;
    const parked = [...this.cars.values()].filter((car) => car.exitedAtMs === undefined).length;
    const own = String(this.options.parkId);
    return parkIds.includes(own) ? [{ availableLotsTotal: Math.max(0, publicLots - parked), parkId: own, publicLotsTotal: publicLots }] : [];
  }

  private checkToken(token: unknown): void {
    const entry = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (!entry || this.now() - entry.issuedMs > TOKEN_LIFE_MS) throw new EtcpFailure(20101, '无效 token');
  }

  private remainingFen(car: EtcpSimCar): number {
    return Math.max(0, this.totalFen(car) - car.paidFen);
  }

  private totalFen(car: EtcpSimCar): number {
    return simulatedFeeFen(Math.floor((this.stayEndMs(car) - car.enteredAtMs) / 60_000));
  }

  /** The exit time, or now for a car still in the lot. */
  private stayEndMs(car: EtcpSimCar): number {
    return car.exitedAtMs ?? this.now();
  }

  private orderUnpay(plate: string): unknown[] {
    const car = this.cars.get(plate);
    if (!car) return [];
    const verification = randomBytes(72).toString('base64');
    car.verifications.add(verification);
    const total = this.totalFen(car);
    return [
      {
        carNumber: `${plate.slice(0, 1)}****${plate.slice(-2)}`,
        entranceTime: beijing(car.enteredAtMs),
        exitTime: beijing(this.stayEndMs(car)),
        orderId: car.orderId,
        parkingFee: total / 100,
        parkingId: this.options.parkId,
        parkingName: this.options.parkName,
        remainingFee: this.remainingFen(car) / 100,
        verificationInfo: verification,
      },
    ];
  }

  private orderPaid(data: Record<string, unknown>): unknown {
    const orderId = text(data, 'orderId');
    const externalOrderId = text(data, 'externalOrderId');
    const payTime = text(data, 'payTime');
    const verification = text(data, 'verificationInfo');
    if (data.payment === undefined) throw new EtcpFailure(20102, '缺少必要参数 payment');
    const paymentFen = fenOf(data.payment);
    if (!Number.isFinite(paymentFen)) throw new EtcpFailure(6, '参数错误: payment must be yuan with at most 2 decimals');
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(payTime)) throw new EtcpFailure(6, '参数错误: payTime');
    const previous = this.payments.get(externalOrderId);
    if (previous) {
      if (previous.orderId !== orderId || previous.paymentFen !== paymentFen) throw new EtcpFailure(1, 'externalOrderId already used for another payment');
      return this.paidAnswer(previous);
    }
    const car = [...this.cars.values()].find((c) => c.orderId === orderId);
    if (!car) throw new EtcpFailure(7, '更新订单失败: no such order');
    if (!car.verifications.has(verification)) throw new EtcpFailure(1, 'verificationInfo does not belong to this order');
    if (paymentFen !== this.remainingFen(car)) throw new EtcpFailure(20206, '支付金额与应付金额不匹配');
    car.paidFen += paymentFen;
    car.verifications.clear();
    if (car.exitedAtMs !== undefined) this.cars.delete(car.plate);
    const payment: EtcpSimPayment = { externalOrderId, orderId, plate: car.plate, paymentFen, payOrderId: `no${Date.now()}${randomBytes(3).toString('hex')}`, payTime };
    this.payments.set(externalOrderId, payment);
    return this.paidAnswer(payment);
  }

  private paidAnswer(p: EtcpSimPayment): unknown {
    return { externalOrderId: p.externalOrderId, orderId: p.orderId, payOrderId: p.payOrderId, payTime: p.payTime, payment: p.paymentFen / 100 };
  }

  private carFields(car: EtcpSimCar): Record<string, unknown> {
    const { parkId, parkName } = this.options;
    return { synId: car.synId, plateNumber: car.plate, parkName, parkId: this.options.pushVersion === 1 ? String(parkId) : parkId };
  }

  /**
   * Signs with the documented field order (a fixed list per kind and version, kept here apart from
   * the proxy's copy) and posts JSON to the merchant.
   */
  private async push(kind: EtcpSimPush['kind'], fields: Record<string, unknown>): Promise<EtcpSimPush | null> {
    if (!this.options.pushUrl) return null;
    const ordered: Record<string, unknown> = {};
    for (const name of PUSH_ORDER[this.options.pushVersion][kind]) if (name in fields) ordered[name] = fields[name];
    const body = { ...ordered, signment: md5(this.options.merchantNo + JSON.stringify(ordered) + this.options.merchantKey) };
    const response = await fetch(`${this.options.pushUrl}/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const record: EtcpSimPush = { kind, body, status: response.status, answer: await response.json().catch(() => null) };
    this.pushes.push(record);
    return record;
  }
}

const PUSH_ORDER: Record<1 | 2, Record<EtcpSimPush['kind'], string[]>> = {
  1: {
    entry: 'parkId plateNumber parkName synId userType fixParkingId remainingDays entranceTime pushTime'.split(' '),
    exit: 'parkId plateNumber parkName synId userType fixParkingId remainingDays entranceTime exitTime stayedTime receivableFee pushTime'.split(' '),
    unbind: ['plateNumber', 'time'],
    'auth-invalid': ['plateNumber', 'time'],
  },
  2: {
    entry: 'synId plateNumber parkName parkId entranceTime userType pushTime fixParkingId remainingDays'.split(' '),
    exit: 'synId plateNumber parkName parkId entranceTime userType pushTime exitTime stayedTime receivableFee fixParkingId remainingDays'.split(' '),
    unbind: ['plateNumber', 'time'],
    'auth-invalid': ['plateNumber', 'time'],
  },
};

function text(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value === '') throw new EtcpFailure(20102, `缺少必要参数 ${field}`);
  return value;
}
