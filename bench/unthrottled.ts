/** The demo config without rate or connection limits: a benchmark is one caller sending as fast as it can on purpose. */
export function unthrottled<T extends object>(config: T): T & { rateLimits: unknown; limits: unknown } {
  const open = { perMinute: 1e9, burst: 1e9 };
  return { ...config, rateLimits: { perKey: open, perKeyTotal: open, perIp: open }, limits: { maxConnections: 100_000, maxConnectionsPerAddress: 100_000 } };
}
