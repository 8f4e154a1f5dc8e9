/**
 * What `NODE_ENV=production` refuses to start with: a secret that would come from a default written
 * in a config, or that equals a demo value this repository publishes (config/demo.json), and any
 * embedded simulator, mounted or merely pointed at. Every problem is collected, so an operator fixes
 * them in one pass instead of one restart per problem.
 */
import demoConfig from '../../config/demo.json' with { type: 'json' };
import { configuredKeyHash } from './auth.js';
import { staffPinIs } from './staff-pin.js';

export interface EnvRef {
  env: string;
  default?: string;
}

type Text = string | EnvRef;

/** The parts of a schema-valid config these checks read. */
export interface ProductionCheckInput {
  operatorKeys?: Array<{ key: EnvRef }>;
  partners?: Array<{ key: EnvRef }>;
  ticketKey?: EnvRef;
  state?: { store?: string; redisUrl?: EnvRef };
  lots: Array<{
    payUrlTemplate: string;
    feeSource: { type: string; baseUrl?: Text; secretKey?: EnvRef; merchantKey?: EnvRef };
    cityPlatform?: { baseUrl: Text; password: EnvRef };
    lanes: Array<{ laneId: string; key: EnvRef; staffPin?: EnvRef }>;
  }>;
  simulators?: object;
  attendant?: { staff: Array<{ passwordHash: Text }>; iceServers?: Array<{ credential?: EnvRef }> };
}

/** Where the proxy itself answers, to tell a platform address that is really its own /sims. */
export interface OwnAddress {
  host: string;
  port: number;
  publicUrl: string;
}

export interface ProductionProblem {
  /** JSON pointer of the config field, e.g. /lots/0/lanes/1/key. */
  field: string;
  /** The environment variable that fixes it, when the field is an env reference. */
  env: string | null;
  message: string;
}

/**
 * `key`: an API key, which may also be given as `sha256:<hex>` (so a demo key's digest is a demo key);
 * `pin`: a lane's staff PIN, which may also be given as its hash for that lane (`pbkdf2-sha256:<hex>`);
 * `own`: a secret the operator makes up (ticket key, Redis URL);
 * `platform`: a secret the platform issued to the lot.
 */
type SecretKind = 'key' | 'pin' | 'own' | 'platform' | 'password';

interface SecretField {
  field: string;
  ref: EnvRef;
  kind: SecretKind;
  /** For a staff PIN: its lane, whose id salts the hash. */
  laneId?: string;
}

const FIX: Record<SecretKind, string> = {
  key: 'a new key of your own (docs/deploy.md: "Keys")',
  pin: 'a new PIN of your own (docs/deploy.md: "Keys")',
  own: 'a new secret of your own (docs/deploy.md: "Keys")',
  platform: 'the secret the platform issued to this lot',
  password: 'the hash of a new password of your own (npm run hash-password)',
};

function secretFields(config: ProductionCheckInput, env: NodeJS.ProcessEnv): SecretField[] {
  const fields: SecretField[] = [];
  const add = (field: string, ref: EnvRef | undefined, kind: SecretKind, laneId?: string) => ref && fields.push({ field, ref, kind, laneId });
  config.operatorKeys?.forEach((operator, i) => add(`/operatorKeys/${i}/key`, operator.key, 'key'));
  config.partners?.forEach((partner, i) => add(`/partners/${i}/key`, partner.key, 'key'));
  add('/ticketKey', config.ticketKey, 'own');
  // REDIS_URL, when set, is the store whatever the config says (config.ts resolveState).
  add('/state/redisUrl', env.REDIS_URL ? { env: 'REDIS_URL' } : config.state?.redisUrl, 'own');
  config.attendant?.staff.forEach((person, i) => typeof person.passwordHash === 'object' && add(`/attendant/staff/${i}/passwordHash`, person.passwordHash, 'password'));
  config.attendant?.iceServers?.forEach((server, i) => add(`/attendant/iceServers/${i}/credential`, server.credential, 'own'));
  config.lots.forEach((lot, i) => {
    add(`/lots/${i}/feeSource/secretKey`, lot.feeSource.secretKey, 'platform');
    add(`/lots/${i}/feeSource/merchantKey`, lot.feeSource.merchantKey, 'platform');
    add(`/lots/${i}/cityPlatform/password`, lot.cityPlatform?.password, 'platform');
    lot.lanes.forEach((lane, j) => {
      add(`/lots/${i}/lanes/${j}/key`, lane.key, 'key');
      add(`/lots/${i}/lanes/${j}/staffPin`, lane.staffPin, 'pin', lane.laneId);
    });
  });
  return fields;
}

/** Every `default` of an env reference anywhere in a config. */
function envDefaults(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const item of node) envDefaults(item, found);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.env === 'string' && typeof record.default === 'string') found.add(record.default);
    else for (const value of Object.values(record)) envDefaults(value, found);
  }
  return found;
}

/** Values anyone can read in this repository's shipped configs: never a production secret. */
export const PUBLISHED_VALUES: ReadonlySet<string> = envDefaults(demoConfig);

function ownOrigins({ host, port, publicUrl }: OwnAddress): Set<string> {
  const origins = new Set([new URL(publicUrl).origin]);
  for (const name of [host, '127.0.0.1', 'localhost', '[::1]']) origins.add(`http://${name}:${port}`);
  return origins;
}

/** A URL served by this very proxy under /sims: the embedded simulators, demo only. */
function isOwnSimulator(url: string, own: Set<string>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return own.has(parsed.origin) && /^\/sims(\/|$)/.test(parsed.pathname);
}

export function productionProblems(config: ProductionCheckInput, env: NodeJS.ProcessEnv, address: OwnAddress, published: ReadonlySet<string> = PUBLISHED_VALUES): ProductionProblem[] {
  const problems: ProductionProblem[] = [];
  const publishedDigests = new Set([...published].map(configuredKeyHash));
  // Only digit strings can be PINs; hashing every published value for every lane would be slow.
  const publishedPins = [...published].filter((value) => /^\d{4,16}$/.test(value));
  const isPublished = (value: string, kind: SecretKind, laneId = ''): boolean => {
    if (kind === 'key') return publishedDigests.has(configuredKeyHash(value));
    if (kind === 'pin') return published.has(value) || publishedPins.some((pin) => staffPinIs(value, laneId, pin));
    return published.has(value);
  };

  for (const { field, ref, kind, laneId } of secretFields(config, env)) {
    const value = env[ref.env];
    if (value === undefined || value === '') {
      const why = ref.default === undefined ? 'is not set' : 'is not set, so the default written in the config would be used';
      problems.push({ field, env: ref.env, message: `${field}: ${ref.env} ${why}; set ${ref.env} to ${FIX[kind]}` });
    } else if (value === ref.default) {
      problems.push({ field, env: ref.env, message: `${field}: ${ref.env} holds the default written in the config; set ${ref.env} to ${FIX[kind]}` });
    } else if (isPublished(value, kind, laneId)) {
      problems.push({ field, env: ref.env, message: `${field}: ${ref.env} holds a demo value published in this repository; set ${ref.env} to ${FIX[kind]}` });
    }
  }

  // A hash written into the config as is: refused when it is one this repository publishes.
  config.attendant?.staff.forEach((person, i) => {
    if (typeof person.passwordHash === 'string' && published.has(person.passwordHash)) {
      problems.push({ field: `/attendant/staff/${i}/passwordHash`, env: null, message: `/attendant/staff/${i}/passwordHash: a demo password's hash published in this repository; write ${FIX.password}` });
    }
  });

  if (config.state?.store === 'memory' && !env.REDIS_URL) {
    problems.push({
      field: '/state/store',
      env: null,
      message: '/state/store: memory forgets at every restart the callbacks already taken (a replay would be taken again), the business ids given to the city and the payments confirmed; use "embedded" (one host) or "redis" (several instances)',
    });
  }

  if (config.simulators) {
    problems.push({ field: '/simulators', env: null, message: '/simulators: the embedded simulators would be mounted under /sims; remove the simulators section (it is for the demo only)' });
  }

  const own = ownOrigins(address);
  const resolve = (value: Text): string => (typeof value === 'string' ? value : (env[value.env] || value.default || '')).replaceAll('{publicUrl}', address.publicUrl);
  const checkPlatformUrl = (field: string, value: Text | undefined) => {
    if (value === undefined || !isOwnSimulator(resolve(value), own)) return;
    const fix = typeof value === 'string' ? 'write the platform’s address in the config' : `set ${value.env} to the platform’s address`;
    problems.push({ field, env: typeof value === 'string' ? null : value.env, message: `${field}: points at this proxy’s own simulator (${resolve(value)}); ${fix}` });
  };
  config.lots.forEach((lot, i) => {
    checkPlatformUrl(`/lots/${i}/feeSource/baseUrl`, lot.feeSource.baseUrl);
    checkPlatformUrl(`/lots/${i}/cityPlatform/baseUrl`, lot.cityPlatform?.baseUrl);
    if (isOwnSimulator(resolve(lot.payUrlTemplate), own)) {
      problems.push({ field: `/lots/${i}/payUrlTemplate`, env: null, message: `/lots/${i}/payUrlTemplate: points at the demo payment page under /sims; write your payment service’s page in the config` });
    }
  });
  return problems;
}
