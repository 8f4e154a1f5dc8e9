/**
 * Mounts the embedded simulators under /sims: /sims/welink/api/…, /sims/shanghai/service/…,
 * /sims/etcp/merchant/open/…, the demo payment page /sims/pay, the partner example page
 * /sims/partner-example.html and the demo reset POST /sims/reset.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findKey } from '../auth.js';
import type { ProxyConfig } from '../config.js';
import { bearerToken } from '../http.js';
import type { QuoteService } from '../quotes.js';
import { readBodyText, sendHtml, sendJson } from './http-util.js';
import { SimulatedPaymentService } from './pay/payment-service.js';
import { EtcpSimulator } from './etcp/simulator.js';
import { ShanghaiSimulator } from './shanghai/simulator.js';
import { WelinkSimulator } from './welink/simulator.js';
import { setSimFreeSpaces } from './welink/lot-desk.js';

export interface DemoSettings {
  /** Who may reset the demo: the config's operator keys. */
  operatorKeys: ProxyConfig['operatorKeys'];
  publicUrl: string;
  /** docs/partner-example.html, served with the demo's own address in it. */
  partnerExamplePath: string | null;
}

/** The address docs/partner-example.html names, that of `npm start`; the demo serves it with its own. */
const EXAMPLE_PROXY_URL = 'http://127.0.0.1:8080';

export class Simulators {
  constructor(
    readonly welink: WelinkSimulator | null,
    readonly pay: SimulatedPaymentService | null,
    readonly shanghai: ShanghaiSimulator | null,
    readonly etcp: EtcpSimulator | null,
    private readonly seeds: { welink: ProxyConfig['simulators']['welink']; etcp: ProxyConfig['simulators']['etcp'] },
    private readonly demo: DemoSettings,
  ) {
    this.seedCars();
  }

  static fromConfig(config: ProxyConfig, quotes: QuoteService, partnerExamplePath: string | null = null): Simulators | null {
    const { welink, pay, shanghai, etcp } = config.simulators;
    if (!welink && !pay && !shanghai && !etcp) return null;
    return new Simulators(
      welink ? new WelinkSimulator({ appId: welink.appId, secretKey: welink.secretKey, parkId: welink.parkId }) : null,
      pay ? new SimulatedPaymentService(config.publicUrl, pay.operatorKey, (id) => quotes.find(id)) : null,
      shanghai ? new ShanghaiSimulator(shanghai) : null,
      etcp ? new EtcpSimulator(etcp) : null,
      { welink, etcp },
      { operatorKeys: config.operatorKeys, publicUrl: config.publicUrl, partnerExamplePath },
    );
  }

  /** The configured cars, in the lot since `minutesAgo` before now, unpaid and without coupons. */
  private seedCars(): { welink: string[]; etcp: string[] } {
    const now = Date.now();
    const welink = (this.seeds.welink?.seedCars ?? []).map((car) => this.welink!.enter(car.plate, now - car.minutesAgo * 60_000).plate);
    const etcp = (this.seeds.etcp?.seedCars ?? []).map((car) => this.etcp!.admit(car.plate, now - car.minutesAgo * 60_000).plate);
    return { welink, etcp };
  }

  /**
   * Demo control, operator key only: the platforms' lots as at start, so every seeded car can be
   * looked up and paid again. Cars that came in since leave, bills and tickets are forgotten, free
   * spaces, reservations and password-free signings are back to none; records of past payments stay.
   */
  private reset(req: IncomingMessage, res: ServerResponse): void {
    if (!findKey(bearerToken(req), this.demo.operatorKeys)) {
      return sendJson(res, 401, { error: { code: 'operator-key-required', message: 'resetting the demo needs the operator key as "Authorization: Bearer <key>"' } });
    }
    if (this.welink) {
      this.welink.cars.clear();
      this.welink.bills.clear();
      this.welink.auth.credentials.clear();
      setSimFreeSpaces(null);
    }
    this.etcp?.cars.clear();
    if (this.shanghai) {
      this.shanghai.desk.reservations.length = 0;
      this.shanghai.desk.passwordFreePlates.clear();
    }
    sendJson(res, 200, { reset: true, cars: this.seedCars() });
  }

  private async partnerExample(res: ServerResponse): Promise<void> {
    if (!this.demo.partnerExamplePath) return sendJson(res, 404, { error: 'no partner example page here' });
    const page = await readFile(this.demo.partnerExamplePath, 'utf8');
    sendHtml(res, 200, page.replaceAll(EXAMPLE_PROXY_URL, this.demo.publicUrl));
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/reset' && req.method === 'POST') return this.reset(req, res);
    if (path === '/partner-example.html' && req.method === 'GET') return this.partnerExample(res);
    if (this.welink && path.startsWith('/welink/api/')) return this.welink.handle(req, res, path.slice('/welink'.length));
    if (this.welink && path === '/welink/_admin/offline-bills' && req.method === 'GET') return sendJson(res, 200, this.welink.offlineBills);
    if (this.welink && path.startsWith('/welink/_admin/') && req.method === 'POST') return this.welinkAdmin(req, res, path.slice('/welink/_admin/'.length));
    if (this.pay && (path === '/pay' || path.startsWith('/pay/'))) return this.pay.handle(req, res, path.slice('/pay'.length));
    if (this.shanghai && path.startsWith('/shanghai/service/')) return this.shanghai.handle(req, res, path.slice('/shanghai'.length));
    if (this.shanghai && path === '/shanghai/_admin/passages' && req.method === 'GET') return sendJson(res, 200, this.shanghai.passages);
    if (this.shanghai && path.startsWith('/shanghai/_admin/') && req.method === 'POST') return this.shanghaiAdmin(req, res, path.slice('/shanghai/_admin/'.length));
    if (this.etcp && path.startsWith('/etcp/merchant/')) return this.etcp.handle(req, res, path.slice('/etcp'.length));
    if (this.etcp && path === '/etcp/_admin/pushes' && req.method === 'GET') return sendJson(res, 200, this.etcp.pushes);
    if (this.etcp && path === '/etcp/_admin/exit' && req.method === 'POST') return this.etcpExit(req, res);
    sendJson(res, 404, { error: 'no such simulator route' });
  }

  /**
   * Demo and test controls for the city platform:
   * - `reservation` `{plateId}`: the driver reserved a space from now for two hours (seeds/003 §5.2.1);
   * - `password-free` `{plateId}`: the owner signed password-free payment;
   * - `pay` `{orderId}`: the driver pays a submitted quote in the city's app, and the platform notifies the lot.
   */
  private async shanghaiAdmin(req: IncomingMessage, res: ServerResponse, command: string): Promise<void> {
    const city = this.shanghai!;
    const body = await readAdminBody(req);
    if (!body) return sendJson(res, 400, { error: 'send a JSON object' });
    const now = Date.now();
    if (command === 'reservation' && typeof body.plateId === 'string') {
      const reservation = { reserveType: 1, reserveId: `R-${now}`, reserveStatus: 1, parkingId: city.parkingId, plateId: body.plateId, reserveFrom: now - 60_000, reserveTo: now + 7_200_000, vehicleType: 1 };
      city.desk.reservations.push(reservation);
      return sendJson(res, 200, reservation);
    }
    if (command === 'password-free' && typeof body.plateId === 'string') {
      city.desk.passwordFreePlates.add(body.plateId);
      return sendJson(res, 200, { plateId: body.plateId });
    }
    if (command === 'pay' && typeof body.orderId === 'string') {
      const submitted = city.desk.submissions.findLast((s) => s.orderId === body.orderId);
      if (!submitted) return sendJson(res, 404, { error: `no submitted quote ${body.orderId}` });
      city.desk.pay({ businessId: submitted.businessId as string, orderId: body.orderId, plateId: submitted.plateId as string, vehicleType: submitted.vehicleType as number, payMoney: submitted.dueMoney as number, payType: 2 });
      return sendJson(res, 200, await city.notifyPaid(body.orderId));
    }
    sendJson(res, 404, { error: `no admin command ${command} with that body` });
  }

  /** The ETCP camera sees `{plate}` drive out: the simulator pushes the exit to the proxy. */
  private async etcpExit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAdminBody(req);
    if (typeof body?.plate !== 'string' || !this.etcp!.cars.has(body.plate)) return sendJson(res, 404, { error: 'no such car in the lot' });
    const push = await this.etcp!.exit(body.plate);
    sendJson(res, 200, { plate: body.plate, answer: push?.answer ?? null });
  }

  /**
   * Demo and test controls for the Welink simulator:
   * - `park` `{plate, minutesAgo}`: a car entered that long ago;
   * - `auth-script` `{userId, states}`: the next lane-auth answers for a ticket (e.g. [7] for a camera wait);
   * - `backdate` `{ticketNo | plate, minutes}`: the car entered `minutes` earlier than recorded, so it owes a fee;
   * - `spaces` `{free}`: the lot has `free` visitor spaces (null: back to the defaults).
   */
  private async welinkAdmin(req: IncomingMessage, res: ServerResponse, command: string): Promise<void> {
    const welink = this.welink!;
    const body = await readAdminBody(req);
    if (!body) return sendJson(res, 400, { error: 'send a JSON object' });
    if (command === 'park' && typeof body.plate === 'string' && typeof body.minutesAgo === 'number') {
      const car = welink.enter(body.plate, Date.now() - body.minutesAgo * 60_000);
      return sendJson(res, 200, { plate: car.plate, enteredAtMs: car.enteredAtMs });
    }
    if (command === 'auth-script' && typeof body.userId === 'string' && Array.isArray(body.states) && body.states.every((n) => Number.isInteger(n))) {
      welink.auth.script(body.userId, body.states as number[]);
      return sendJson(res, 200, { userId: body.userId, states: body.states });
    }
    if (command === 'spaces' && (body.free === null || (Number.isInteger(body.free) && (body.free as number) >= 0))) {
      setSimFreeSpaces(body.free as number | null);
      return sendJson(res, 200, { free: body.free });
    }
    if (command === 'backdate' && typeof body.minutes === 'number') {
      const plate = typeof body.ticketNo === 'string' ? welink.auth.credentials.get(body.ticketNo) : typeof body.plate === 'string' ? body.plate : undefined;
      const car = plate ? welink.cars.get(plate) : undefined;
      if (!car) return sendJson(res, 404, { error: 'no such car in the lot' });
      car.enteredAtMs -= body.minutes * 60_000;
      return sendJson(res, 200, { plate: car.plate, enteredAtMs: car.enteredAtMs });
    }
    sendJson(res, 404, { error: `no admin command ${command} with that body` });
  }
}

async function readAdminBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = JSON.parse(await readBodyText(req, 4096));
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
