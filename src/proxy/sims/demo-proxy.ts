/**
 * The demo: the proxy with the simulated platforms mounted under /sims, so `npm start` runs a whole
 * lot on one machine. Production runs src/proxy/main.ts, whose bundle holds none of this.
 */
import { fileURLToPath } from 'node:url';
import { startProxy, type ProxyOptions, type RunningProxy } from '../app.js';
import type { ProxyConfig } from '../config.js';
import { Simulators } from './index.js';

export interface DemoProxy extends RunningProxy {
  /** Null when the config names no simulator. */
  simulators: Simulators | null;
}

const PARTNER_EXAMPLE = fileURLToPath(new URL('../../../docs/partner-example.html', import.meta.url));

export async function startDemoProxy(config: ProxyConfig, options: Omit<ProxyOptions, 'mount'> = {}): Promise<DemoProxy> {
  let simulators: Simulators | null = null;
  const proxy = await startProxy(config, {
    ...options,
    mount: ({ quotes }) => {
      // resolveConfig already refuses simulators in production; this keeps a config built another way from mounting them.
      simulators = process.env.NODE_ENV === 'production' ? null : Simulators.fromConfig(config, quotes, PARTNER_EXAMPLE);
      const mounted = simulators;
      return mounted && { prefix: '/sims/', handle: (req, res, path) => mounted.handle(req, res, path) };
    },
  });
  return { ...proxy, simulators };
}
