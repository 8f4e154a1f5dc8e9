/**
 * What the proxy's entries share once they have a config: start, say where the kiosks are, stop
 * gracefully on SIGINT/SIGTERM, and turn a config problem into its message and exit code 2.
 */
import { ConfigError, type ProxyConfig } from './config.js';
import type { RunningProxy } from './app.js';

export interface ProxyLaunch {
  config: () => ProxyConfig;
  start: (config: ProxyConfig) => Promise<RunningProxy>;
  /** Lines for the startup message after the listening address. */
  notes?: (config: ProxyConfig) => string[];
}

export async function runProxy({ config: loadConfig, start, notes = () => [] }: ProxyLaunch): Promise<void> {
  try {
    const config = loadConfig();
    const proxy = await start(config);
    const lines = [`lane-kiosk proxy listening on ${proxy.url}`, ...notes(config)];
    for (const lot of config.lots) {
      for (const lane of lot.lanes) {
        if (lane.direction === 'exit') lines.push(`  kiosk for ${lot.name} ${lane.name}: ${config.publicUrl}/?lane=${lane.laneId}&key=<its lane key>`);
      }
    }
    process.stderr.write(`${lines.join('\n')}\n`);
    // Closing the server and streams lets the event loop drain, so the process ends by itself.
    const stop = () => void proxy.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}
