/**
 * The demo's LAN mode (`npm start -- --lan` or LISTEN_LAN=1), so a real phone can scan the pay QR
 * and pay: the proxy listens on every interface and the links it makes (pay QR, simulator URLs)
 * carry this machine's LAN address. Never the default, and refused in production, where the
 * config's listen.host and publicUrl say where the proxy is.
 */
import { readFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { ConfigError, resolveConfig, type ProxyConfig } from './config.js';

/** The first non-internal IPv4 address, in the order the system lists its interfaces. */
export function lanAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string | null {
  for (const addresses of Object.values(interfaces)) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found) return found.address;
  }
  return null;
}

interface RawForLan {
  listen?: { host?: string; port?: number };
  partners?: Array<{ origins: string[] }>;
}

/**
 * The config at `path` as LAN mode runs it: listening on 0.0.0.0, PUBLIC_URL (unless given) the
 * LAN address, and that address's pages (the partner example opened on a phone) allowed for
 * every partner.
 */
export function loadLanConfig(path: string, env: NodeJS.ProcessEnv, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): ProxyConfig {
  if (env.NODE_ENV === 'production') {
    throw new ConfigError('--lan (LISTEN_LAN=1) is for the demo only: in production set listen.host and publicUrl in the config');
  }
  const address = lanAddress(interfaces);
  if (!address) throw new ConfigError('--lan: this machine has no network address other than loopback; connect it to the network the phone is on');
  let raw: RawForLan;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as RawForLan;
  } catch (cause) {
    throw new ConfigError(`cannot read config ${path}: ${(cause as Error).message}`);
  }
  const port = env.PORT ?? String(raw.listen?.port ?? 8080);
  if (port === '0') throw new ConfigError('--lan needs a fixed port (PORT=0 picks one the QR codes cannot know)');
  const publicUrl = env.PUBLIC_URL ?? `http://${address}:${port}`;
  const lanOrigin = new URL(publicUrl).origin;
  return resolveConfig(
    {
      ...raw,
      listen: { ...raw.listen, host: '0.0.0.0' },
      ...(raw.partners && { partners: raw.partners.map((partner) => ({ ...partner, origins: [...partner.origins, lanOrigin] })) }),
    },
    { ...env, PUBLIC_URL: publicUrl },
  );
}
