/** The demo config without rate limits: a benchmark is one caller sending as fast as it can on purpose. */
export function unthrottled<T extends object>(config: T): T & { rateLimits: unknown } {
  return { ...config, rateLimits: { perKey: { perMinute: 1e9, burst: 1e9 }, perIp: { perMinute: 1e9, burst: 1e9 } } };
}
