/** A Welink simulator on its own 127.0.0.1 port, for adapter tests over real HTTP. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WelinkClient, type WelinkCredentials } from '../../src/proxy/providers/welink/client.js';
import { WelinkSimulator, type WelinkSimOptions } from '../../src/proxy/sims/welink/simulator.js';

export const SIM_CREDENTIALS = {
  appId: '289efb7512e54146273b982456b03f42ea93',
  secretKey: 'test-welink-secret-0123456789abcdef',
  parkId: '10001088',
};

/** A Welink client holding the simulator's credentials; plain content unless `over` says otherwise. */
export function simWelinkClient(baseUrl: string, over: Partial<WelinkCredentials> = {}, now?: () => number): WelinkClient {
  return new WelinkClient({ baseUrl, ...SIM_CREDENTIALS, encrypt: false, gzip: false, timestampUnit: 's', timeoutMs: 3000, ...over }, now);
}

export interface SimServer {
  sim: WelinkSimulator;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startWelinkSim(options: Partial<WelinkSimOptions> = {}): Promise<SimServer> {
  const sim = new WelinkSimulator({ ...SIM_CREDENTIALS, ...options });
  const server: Server = createServer((req, res) => void sim.handle(req, res, new URL(req.url ?? '/', 'http://x').pathname));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    sim,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
