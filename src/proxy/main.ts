/**
 * The production proxy: `node dist/proxy/main.js --config lot.json` once built (`npm run
 * build:proxy`). It carries no simulator: the demo, with its simulated platforms, is
 * src/proxy/demo.ts (`npm start`).
 */
import { parseArgs } from 'node:util';
import { startProxy } from './app.js';
import { runProxy } from './cli.js';
import { ConfigError, loadConfigFile, type ProxyConfig } from './config.js';

const { values } = parseArgs({ options: { config: { type: 'string', default: 'config/demo.json' } } });

/** A config naming simulators points its platforms at /sims, which this entry does not serve. */
function withoutSimulators(config: ProxyConfig): ProxyConfig {
  const named = Object.entries(config.simulators).flatMap(([name, settings]) => (settings ? [name] : []));
  if (named.length > 0) {
    throw new ConfigError(
      `${values.config}: /simulators names ${named.join(', ')}, which this production entry does not carry; remove the simulators section, or run the demo (npm start, src/proxy/demo.ts)`,
    );
  }
  return config;
}

await runProxy({ config: () => withoutSimulators(loadConfigFile(values.config!)), start: (config) => startProxy(config) });
