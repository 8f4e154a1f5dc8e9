/**
 * Loads the proxy's JSON configuration, validates it against config/schema.json and resolves
 * env references. Invalid config fails at startup with the path of the bad field.
 *
 * The defaults are the schema's own (`default`), filled in by the validator (`useDefaults`), and
 * the file's types (config-file.ts) are generated from the schema with a defaulted field required,
 * so the schema is the one source of truth for both.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { parseRateDesc } from '../core/rate-desc.js';
import type { Tariff } from '../core/tariff.js';
import type { PartnerSettings } from './partners.js';
import type { ShanghaiCredentials } from './providers/shanghai/client.js';
import type { EtcpCredentials } from './providers/etcp/client.js';
import type { WelinkCredentials } from './providers/welink/client.js';
import { configuredKeyHash } from './auth.js';
import type { RateLimit } from './rate-limit.js';
import type { StateSettings } from './state/open.js';
import { productionProblems, type EnvRef } from './production-checks.js';
import { checkPasswordHash } from './attendant/passwords.js';
import type { ConfiguredStaff } from '../core/attendant/staff-access.js';
import type { ConfigEtcpFeeSource, ConfigFile, ConfigLocalFeeSource, ConfigText, ConfigWelinkFeeSource } from './config-file.js';

type RawConfig = ConfigFile;
/** A car the demo's simulators seed their lots with. */
type RawSimCar = NonNullable<NonNullable<ConfigFile['simulators']>['welink']>['seedCars'][number];

export type FeeSourceSettings = ({ type: 'welink'; authPollMs: number; authMaxPolls: number } & WelinkCredentials) | ({ type: 'etcp' } & EtcpCredentials) | { type: 'local'; totalSpaces: number | null };

export interface LaneSettings {
  laneId: string;
  name: string;
  direction: 'exit' | 'entry';
  /** SHA-256 of the lane key, hex. */
  keyHash: string;
  locale: 'zh-CN' | 'en';
  farewellSeconds: number;
  idleTimeoutSeconds: number;
  /** A camera plate read below this confidence is shown to the driver to confirm, not acted on. */
  plateReadConfidence: number;
  staffPin: string | null;
  /** The fee platform's id for this lane (Welink laneId), for lane auth and the lane QR. */
  platformLaneId: string | null;
  /** The lane QR for unlicensed cars, as configured; a registered one (LaneQrRegistry) wins. */
  qrUrl: string | null;
}

export interface LotSettings {
  lotId: string;
  name: string;
  quoteTtlSeconds: number;
  payUrlTemplate: string;
  tariff: Tariff | null;
  /** Hosts whose merchant coupon links the lot's kiosks accept (`*.example.com` for subdomains). */
  couponHosts: string[];
  /** The lot's duty phone, for a driver who asks for staff when no remote attendant can be reached. */
  servicePhone: string | null;
  cityPlatform: ({ type: 'shanghai'; heartbeatSeconds: number; freeBerth: number } & ShanghaiCredentials) | null;
  feeSource: FeeSourceSettings;
  lanes: LaneSettings[];
}

export interface ProxyConfig {
  /** Behind nginx or Caddy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Token buckets per API key and client IP, per API key in total, and per client IP; 429 with Retry-After beyond them. */
  rateLimits: { perKey: RateLimit; perKeyTotal: RateLimit; perIp: RateLimit };
  limits: ProxyLimits;
  /** Where idempotency records, nonces, quotes and lane events live (see src/proxy/state). */
  state: StateSettings;
  /** An idempotent apply still pending this long died with its process (see idempotency.ts). */
  interruptedAfterMs: number;
  host: string;
  port: number;
  publicUrl: string;
  operatorKeys: Array<{ id: string; keyHash: string }>;
  partners: PartnerSettings[];
  /** Signs entry tickets; null when the config has no ticketKey (then no lane may issue tickets). */
  ticketKey: string | null;
  lots: LotSettings[];
  /** The remote attendant console; null when the config has no attendant section (then it is not served). */
  attendant: AttendantSettings | null;
  simulators: {
    welink?: { appId: string; secretKey: string; parkId: string; seedCars: RawSimCar[] };
    pay?: { operatorKey: string };
    shanghai?: { appId: string; password: string; parkingId: string };
    etcp?: { merchantNo: string; merchantKey: string; parkId: number; parkName: string; pushUrl: string | null; pushVersion: 1 | 2; seedCars: RawSimCar[] };
  };
  /** Every platform and operator secret, so logs can redact them. */
  secrets: string[];
}

export interface AttendantSettings {
  staff: ConfiguredStaff[];
  /** Per lot: a remote release above this needs a supervisor (null: no limit), and the phone shown when nobody answers. */
  lots: Map<string, { supervisorLimitFen: number | null; phone: string | null }>;
  iceServers: Array<{ urls: string[]; username?: string; credential?: string }>;
}

/** What one caller may hold open, and how long a body may take to arrive. */
export interface ProxyLimits {
  bodyTimeoutSeconds: number;
  maxConnections: number;
  maxConnectionsPerAddress: number;
  maxEventStreamsPerKey: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const schemaUrl = new URL('../../config/schema.json', import.meta.url);
let validator: ReturnType<Ajv2020['compile']> | undefined;

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  if (error.keyword === 'additionalProperties') return `${where}: unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`cannot read config ${path}: ${(cause as Error).message}`);
  }
  return resolveConfig(raw, env);
}

export function resolveConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  validator ??= new Ajv2020({ allErrors: true, strict: false, useDefaults: true }).compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
  // The defaults go into a copy: the caller's config stays as it was written.
  const config = structuredClone(raw);
  if (!validator(config)) {
    throw new ConfigError(`invalid config:\n  ${(validator.errors ?? []).map(describe).join('\n  ')}`);
  }
  return resolveValid(config as RawConfig, env);
}

function resolveValid(config: RawConfig, env: NodeJS.ProcessEnv): ProxyConfig {
  const { host } = config.listen;
  const port = env.PORT !== undefined ? Number(env.PORT) : config.listen.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT: not a port number: ${env.PORT}`);
  const publicUrl = (env.PUBLIC_URL ?? config.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/$/, '');
  if (env.NODE_ENV === 'production') {
    const problems = productionProblems(config, env, { host, port, publicUrl });
    if (problems.length > 0) {
      const count = problems.length === 1 ? 'one problem' : `${problems.length} problems`;
      throw new ConfigError(`refusing to start with NODE_ENV=production: ${count}\n  ${problems.map((p) => p.message).join('\n  ')}`);
    }
  }
  const secrets: string[] = [];

  const text = (value: ConfigText, field: string): string => {
    if (typeof value === 'string') return value.replaceAll('{publicUrl}', publicUrl);
    const resolved = env[value.env] ?? value.default;
    if (resolved === undefined || resolved === '') throw new ConfigError(`${field}: environment variable ${value.env} is not set`);
    return resolved.replaceAll('{publicUrl}', publicUrl);
  };
  /** Lane and partner keys live in browsers anyway, so only platform and operator secrets join the redaction list. */
  const secret = (value: EnvRef, field: string, { redact = true } = {}): string => {
    const resolved = text(value, field);
    if (resolved.length < 8) throw new ConfigError(`${field}: secret from ${value.env} is shorter than 8 characters`);
    if (redact) secrets.push(resolved);
    return resolved;
  };

  const lotIds = new Set<string>();
  const laneIds = new Set<string>();
  const lots = config.lots.map((lot, i): LotSettings => {
    if (lotIds.has(lot.lotId)) throw new ConfigError(`/lots/${i}/lotId: duplicate lot id ${lot.lotId}`);
    lotIds.add(lot.lotId);
    const feeSource = resolveFeeSource(lot.feeSource, `/lots/${i}/feeSource`, text, secret);
    const lanes = lot.lanes.map((lane, j): LaneSettings => {
      if (laneIds.has(lane.laneId)) throw new ConfigError(`/lots/${i}/lanes/${j}/laneId: duplicate lane id ${lane.laneId}`);
      laneIds.add(lane.laneId);
      return {
        laneId: lane.laneId,
        name: lane.name,
        direction: lane.direction,
        keyHash: configuredKeyHash(secret(lane.key, `/lots/${i}/lanes/${j}/key`, { redact: false })),
        locale: lane.locale,
        farewellSeconds: lane.farewellSeconds,
        idleTimeoutSeconds: lane.idleTimeoutSeconds,
        plateReadConfidence: lane.plateReadConfidence,
        staffPin: lane.staffPin ? secret(lane.staffPin, `/lots/${i}/lanes/${j}/staffPin`) : null,
        platformLaneId: lane.platformLaneId ?? null,
        qrUrl: lane.qrUrl ?? null,
      };
    });
    let tariff: Tariff | null = null;
    if (lot.tariff) {
      try {
        tariff = { ...parseRateDesc(lot.tariff.rateDesc, { dailyCapFen: lot.tariff.dailyCapFen, capMode: lot.tariff.capMode }).tariff, freeMode: lot.tariff.freeMode };
      } catch (error) {
        throw new ConfigError(`/lots/${i}/tariff/rateDesc: ${(error as Error).message}`);
      }
    }
    if (feeSource.type === 'local' && !tariff) throw new ConfigError(`/lots/${i}/tariff: a lot with feeSource local needs a tariff`);
    const city = lot.cityPlatform;
    const cityPlatform = city
      ? {
          type: city.type,
          baseUrl: text(city.baseUrl, `/lots/${i}/cityPlatform/baseUrl`),
          appId: text(city.appId, `/lots/${i}/cityPlatform/appId`),
          password: secret(city.password, `/lots/${i}/cityPlatform/password`),
          parkingId: text(city.parkingId, `/lots/${i}/cityPlatform/parkingId`),
          curTimeUnit: city.curTimeUnit,
          timeoutMs: city.timeoutMs,
          heartbeatSeconds: city.heartbeatSeconds,
          freeBerth: city.freeBerth,
        }
      : null;
    return { lotId: lot.lotId, name: lot.name, quoteTtlSeconds: lot.quoteTtlSeconds, payUrlTemplate: lot.payUrlTemplate, tariff, couponHosts: lot.couponHosts, servicePhone: lot.servicePhone, cityPlatform, feeSource, lanes };
  });

  requireParksOnSharedMerchants(lots);

  const partners = (config.partners ?? []).map((partner, i): PartnerSettings => {
    for (const lotId of partner.lots) if (!lotIds.has(lotId)) throw new ConfigError(`/partners/${i}/lots: no lot ${lotId}`);
    return { id: partner.id, keyHash: configuredKeyHash(secret(partner.key, `/partners/${i}/key`, { redact: false })), lots: partner.lots, origins: partner.origins };
  });

  const sims = config.simulators ?? {};
  return {
    state: resolveState(config.state, env, secret),
    interruptedAfterMs: config.state.interruptedAfterSeconds * 1000,
    trustProxy: config.listen.trustProxy,
    rateLimits: config.rateLimits,
    limits: config.limits,
    host,
    port,
    publicUrl,
    operatorKeys: (config.operatorKeys ?? []).map((k, i) => ({ id: k.id, keyHash: configuredKeyHash(secret(k.key, `/operatorKeys/${i}/key`)) })),
    partners,
    ticketKey: config.ticketKey ? secret(config.ticketKey, '/ticketKey') : null,
    lots,
    attendant: config.attendant ? resolveAttendant(config.attendant, lotIds, text, secret) : null,
    simulators: {
      ...(sims.welink && {
        welink: {
          appId: sims.welink.appId,
          parkId: sims.welink.parkId,
          secretKey: secret(sims.welink.secretKey, '/simulators/welink/secretKey'),
          seedCars: sims.welink.seedCars,
        },
      }),
      ...(sims.pay && { pay: { operatorKey: secret(sims.pay.operatorKey, '/simulators/pay/operatorKey') } }),
      ...(sims.shanghai && {
        shanghai: { appId: sims.shanghai.appId, parkingId: sims.shanghai.parkingId, password: secret(sims.shanghai.password, '/simulators/shanghai/password') },
      }),
      ...(sims.etcp && {
        etcp: {
          merchantNo: sims.etcp.merchantNo,
          merchantKey: secret(sims.etcp.merchantKey, '/simulators/etcp/merchantKey'),
          parkId: sims.etcp.parkId,
          parkName: sims.etcp.parkName,
          pushUrl: sims.etcp.pushUrl ? sims.etcp.pushUrl.replaceAll('{publicUrl}', publicUrl) : null,
          pushVersion: sims.etcp.pushVersion,
          seedCars: sims.etcp.seedCars,
        },
      }),
    },
    secrets: [...new Set(secrets)],
  };
}

/**
 * Lots on one ETCP merchant account receive pushes signed with the same merchant key: only each
 * lot's own parkId keeps one car park's exits off another lot's barriers (see EtcpPushReceiver).
 */
function requireParksOnSharedMerchants(lots: LotSettings[]): void {
  const byMerchant = new Map<string, number[]>();
  lots.forEach((lot, i) => {
    if (lot.feeSource.type === 'etcp') byMerchant.set(lot.feeSource.merchantNo, [...(byMerchant.get(lot.feeSource.merchantNo) ?? []), i]);
  });
  for (const [merchantNo, indexes] of byMerchant) {
    if (indexes.length < 2) continue;
    const names = indexes.map((i) => lots[i]!.lotId).join(', ');
    const parkOf = (i: number) => (lots[i]!.feeSource as { parkId: string | null }).parkId;
    const missing = indexes.find((i) => parkOf(i) === null);
    if (missing !== undefined) {
      throw new ConfigError(`/lots/${missing}/feeSource/parkId: lots ${names} share ETCP merchant ${merchantNo}; set each lot's own ETCP parkId, so a push for one car park cannot reach another lot's lanes`);
    }
    const repeated = indexes.find((i, n) => indexes.slice(0, n).some((j) => parkOf(j) === parkOf(i)));
    if (repeated !== undefined) throw new ConfigError(`/lots/${repeated}/feeSource/parkId: ETCP park ${parkOf(repeated)} of merchant ${merchantNo} is configured for more than one lot (${names})`);
  }
}

/**
 * REDIS_URL switches any config to scale-out mode; STATE_DIR moves the embedded store. Without a
 * state section the store is embedded in var/state, so a plain install survives restarts.
 */
function resolveState(raw: RawConfig['state'], env: NodeJS.ProcessEnv, secret: (value: EnvRef, field: string) => string): StateSettings {
  if (env.REDIS_URL) return { store: 'redis', url: secret({ env: 'REDIS_URL' }, 'REDIS_URL') };
  const { store } = raw;
  if (store === 'redis') {
    if (!raw.redisUrl) throw new ConfigError('/state/redisUrl: required when the store is redis');
    return { store, url: secret(raw.redisUrl, '/state/redisUrl') };
  }
  if (store === 'memory') return { store };
  return { store, path: env.STATE_DIR ?? raw.path };
}

function resolveFeeSource(
  fee: ConfigWelinkFeeSource | ConfigEtcpFeeSource | ConfigLocalFeeSource,
  at: string,
  text: (value: ConfigText, field: string) => string,
  secret: (value: EnvRef, field: string) => string,
): FeeSourceSettings {
  if (fee.type === 'local') return { type: 'local', totalSpaces: fee.totalSpaces ?? null };
  if (fee.type === 'etcp') {
    return {
      type: 'etcp',
      baseUrl: text(fee.baseUrl, `${at}/baseUrl`),
      merchantNo: text(fee.merchantNo, `${at}/merchantNo`),
      merchantKey: secret(fee.merchantKey, `${at}/merchantKey`),
      appId: text(fee.appId, `${at}/appId`),
      mobilePhone: text(fee.mobilePhone, `${at}/mobilePhone`),
      version: fee.version,
      timeoutMs: fee.timeoutMs,
      pushVersion: fee.pushVersion,
      parkId: fee.parkId ?? null,
    };
  }
  const welink = {
    type: fee.type,
    baseUrl: text(fee.baseUrl, `${at}/baseUrl`),
    appId: text(fee.appId, `${at}/appId`),
    secretKey: secret(fee.secretKey, `${at}/secretKey`),
    parkId: text(fee.parkId, `${at}/parkId`),
    encrypt: fee.encrypt,
    gzip: fee.gzip,
    timestampUnit: fee.timestampUnit,
    timeoutMs: fee.timeoutMs,
    authPollMs: fee.authPollMs,
    authMaxPolls: fee.authMaxPolls,
  };
  if (welink.encrypt && welink.secretKey.length < 24) {
    throw new ConfigError(`${at}/secretKey: 3DES (encrypt: true) needs a secret of at least 24 characters`);
  }
  return welink;
}

type AttendantSection = NonNullable<ConfigFile['attendant']>;

/** Staff accounts name only configured lots, once each; password hashes are checked for form at startup. */
function resolveAttendant(
  section: AttendantSection,
  lotIds: ReadonlySet<string>,
  text: (value: ConfigText, field: string) => string,
  secret: (value: EnvRef, field: string) => string,
): AttendantSettings {
  const ids = new Set<string>();
  const staff = section.staff.map((person, i): ConfiguredStaff => {
    if (ids.has(person.id)) throw new ConfigError(`/attendant/staff/${i}/id: ${person.id} is listed twice`);
    ids.add(person.id);
    for (const lotId of person.lots) if (!lotIds.has(lotId)) throw new ConfigError(`/attendant/staff/${i}/lots: no lot ${lotId}`);
    const passwordHash = text(person.passwordHash, `/attendant/staff/${i}/passwordHash`);
    try {
      checkPasswordHash(passwordHash);
    } catch (error) {
      throw new ConfigError(`/attendant/staff/${i}/passwordHash: ${(error as Error).message}`);
    }
    return { id: person.id, name: person.name, role: person.role, lots: person.lots, passwordHash };
  });
  const lots = new Map<string, { supervisorLimitFen: number | null; phone: string | null }>();
  for (const [lotId, raw] of Object.entries((section.lots ?? {}) as Record<string, { supervisorLimitFen?: number | null; phone?: string | null }>)) {
    if (!lotIds.has(lotId)) throw new ConfigError(`/attendant/lots: no lot ${lotId}`);
    lots.set(lotId, { supervisorLimitFen: raw.supervisorLimitFen ?? null, phone: raw.phone ?? null });
  }
  const iceServers = section.iceServers.map((server, i) => ({
    urls: server.urls,
    ...(server.username === undefined ? {} : { username: server.username }),
    ...(server.credential === undefined ? {} : { credential: secret(server.credential, `/attendant/iceServers/${i}/credential`) }),
  }));
  return { staff, lots, iceServers };
}
