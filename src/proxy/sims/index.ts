/**
 * Mounts the embedded simulators under /sims: /sims/welink/api/…, /sims/shanghai/service/…,
 * /sims/etcp/merchant/open/… and the demo payment page /sims/pay.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyConfig } from '../config.js';
import type { QuoteService } from '../quotes.js';
import { readBodyText, sendJson } from './http-util.js';
import { SimulatedPaymentService } from './pay/payment-service.js';
import { EtcpSimulator } from './etcp/simulator.js';
import { ShanghaiSimulator } from './shanghai/simulator.js';
import { WelinkSimulator } from './welink/simulator.js';
import { setSimFreeSpaces } from './welink/lot-desk.js';

export class Simulators {
  constructor(
    readonly welink: WelinkSimulator | null,
    readonly pay: SimulatedPaymentService | null,
    readonly shanghai: ShanghaiSimulator | null = null,
    readonly etcp: EtcpSimulator | null = null,
  ) {}

  static fromConfig(config: ProxyConfig, quotes: QuoteService): Simulators | null {
    const { welink, pay, shanghai, etcp } = config.simulators;
    if (!welink && !pay && !shanghai && !etcp) return null;
    let welinkSim: WelinkSimulator | null = null;
    if (welink) {
      welinkSim = new WelinkSimulator({ appId: welink.appId, secretKey: welink.secretKey, parkId: welink.parkId });
      const now = Date.now();
      for (const car of welink.seedCars) welinkSim.enter(car.plate, now - car.minutesAgo * 60_000);
    }
    const paySim = pay ? new SimulatedPaymentService(config.publicUrl, pay.operatorKey, (id) => quotes.find(id)) : null;
    let etcpSim: EtcpSimulator | null = null;
    if (etcp) {
      etcpSim = new EtcpSimulator(etcp);
      const now = Date.now();
      for (const car of etcp.seedCars) etcpSim.admit(car.plate, now - car.minutesAgo * 60_000);
    }
    return new Simulators(welinkSim, paySim, shanghai ? new ShanghaiSimulator(shanghai) : null, etcpSim);
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
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
