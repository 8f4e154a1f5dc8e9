/**
 * Mounts the embedded simulators under /sims: /sims/welink/api/…, /sims/shanghai/service/…,
 * /sims/etcp/merchant/open/… and the demo payment page /sims/pay.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyConfig } from '../config.js';
import type { QuoteService } from '../quotes.js';
import { sendJson } from './http-util.js';
import { SimulatedPaymentService } from './pay/payment-service.js';
import { EtcpSimulator } from './etcp/simulator.js';
import { ShanghaiSimulator } from './shanghai/simulator.js';
import { WelinkSimulator } from './welink/simulator.js';

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
    if (this.pay && (path === '/pay' || path.startsWith('/pay/'))) return this.pay.handle(req, res, path.slice('/pay'.length));
    if (this.shanghai && path.startsWith('/shanghai/service/')) return this.shanghai.handle(req, res, path.slice('/shanghai'.length));
    if (this.shanghai && path === '/shanghai/_admin/passages' && req.method === 'GET') return sendJson(res, 200, this.shanghai.passages);
    if (this.etcp && path.startsWith('/etcp/merchant/')) return this.etcp.handle(req, res, path.slice('/etcp'.length));
    if (this.etcp && path === '/etcp/_admin/pushes' && req.method === 'GET') return sendJson(res, 200, this.etcp.pushes);
    sendJson(res, 404, { error: 'no such simulator route' });
  }
}
