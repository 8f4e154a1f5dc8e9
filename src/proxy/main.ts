/**
 * Runs the proxy (and, with the demo config, the embedded simulators): `tsx src/proxy/main.ts
 * --config config/demo.json` in development, `node dist/proxy/main.js --config …` once built.
 * `--lan` (or LISTEN_LAN=1) opens the demo to phones on the local network (src/proxy/lan.ts).
 */
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { startProxy } from './app.js';
import { ConfigError, loadConfigFile } from './config.js';
import { loadLanConfig } from './lan.js';

const { values } = parseArgs({ options: { config: { type: 'string', default: 'config/demo.json' }, lan: { type: 'boolean', default: false } } });

try {
  const lan = values.lan || process.env.LISTEN_LAN === '1';
  const config = lan ? loadLanConfig(values.config!, process.env, networkInterfaces()) : loadConfigFile(values.config!);
  const proxy = await startProxy(config);
  const lines = [`lane-kiosk proxy listening on ${proxy.url}`];
  if (lan) lines.push(`  on the local network as ${config.publicUrl}: pay QR codes carry this address, so a phone on this network can pay`);
  for (const lot of config.lots) {
    for (const lane of lot.lanes) {
      if (lane.direction === 'exit') lines.push(`  kiosk for ${lot.name} ${lane.name}: ${config.publicUrl}/?lane=${lane.laneId}&key=<its lane key>`);
    }
  }
  if (proxy.simulators) lines.push('  simulators mounted under /sims (demo only)');
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
