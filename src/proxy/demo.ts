/**
 * The demo (`npm start`): the proxy with the embedded simulators, `tsx src/proxy/demo.ts --config
 * config/demo.json`. `--lan` (or LISTEN_LAN=1) opens it to phones on the local network
 * (src/proxy/lan.ts). Production runs src/proxy/main.ts instead.
 */
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { runProxy } from './cli.js';
import { loadConfigFile } from './config.js';
import { loadLanConfig } from './lan.js';
import { startDemoProxy } from './sims/demo-proxy.js';

const { values } = parseArgs({ options: { config: { type: 'string', default: 'config/demo.json' }, lan: { type: 'boolean', default: false } } });
const lan = values.lan || process.env.LISTEN_LAN === '1';

await runProxy({
  config: () => (lan ? loadLanConfig(values.config!, process.env, networkInterfaces()) : loadConfigFile(values.config!)),
  start: async (config) => {
    const proxy = await startDemoProxy(config);
    if (proxy.simulators) process.stderr.write('simulators mounted under /sims (demo only)\n');
    return proxy;
  },
  notes: (config) => (lan ? [`  on the local network as ${config.publicUrl}: pay QR codes carry this address, so a phone on this network can pay`] : []),
});
