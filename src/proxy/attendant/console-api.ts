/**
 * The attendant console's HTTP API, independent of the router: each handler takes the request,
 * the response and the path's named parameters. Staff sign in with a password (never a machine
 * key) and hold a session cookie; every read and action is scoped to the lots of their account.
 *
 *   POST /console/api/sign-in            {staffId, password} → 200 {staff} + cookie
 *   POST /console/api/sign-out           → 204, the session ends on every instance
 *   GET  /console/api/me                 → {staff}
 *   GET  /console/api/events             SSE: `snapshot` {lanes, calls, serverNow}, `lane`, `call`, `signal`, `ping`
 *   POST /console/api/calls/:callId/answer | /end | /signal
 *   POST /console/api/lanes/:lotId/:laneId/actions {kind, reason, amountFen?, plate?}
 *   GET  /console/api/audit?from&to&kind&lane&staff[&format=csv]
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditCsv, type AuditKind } from '../../core/attendant/audit.js';
import { CallError, type CallEndReason } from '../../core/attendant/calls.js';
import { denialOf, type ConfiguredStaff, type RemoteActionCommand, type RemoteActionKind, type StaffAccount } from '../../core/attendant/staff-access.js';
import { ApiError } from '../errors.js';
import { sendError, sendJson } from '../http.js';
import { readBody } from '../request-bodies.js';
import { ACTION_BODY, SIGN_IN_BODY, SIGNAL_BODY } from './console-bodies.js';
import type { AuditLog } from './audit-log.js';
import type { CallDesk, CallSignal } from './call-desk.js';
import type { LaneBoardHub } from './lane-board-hub.js';
import { decoyPasswordHash, passwordMatches } from './passwords.js';
import { clearedSessionCookie, type ConsoleSessions, SESSION_TTL_MS, sessionCookie, sessionTokenFrom } from './sessions.js';
import type { SignInGuard } from './sign-in-guard.js';
import type { SentActions } from './sent-actions.js';
import { ConsoleStreamWriter } from './console-stream.js';

export type Params = Record<string, string | undefined>;

export interface ConsoleApiDeps {
  staff: ReadonlyMap<string, ConfiguredStaff>;
  sessions: ConsoleSessions;
  signInGuard: SignInGuard;
  board: LaneBoardHub;
  calls: CallDesk;
  audit: AuditLog;
  /** Each action sent, so the lane's word on it is recorded against it (attendant-routes.ts). */
  sentActions: SentActions;
  /** Per lot: a release above this many fen needs a supervisor (null: no limit). */
  supervisorLimitFen(lotId: string): number | null;
  /** Whether the lane exists in the lot (and has a gate device, for open-gate). */
  laneExists(lotId: string, laneId: string): boolean;
  /** Sends the action to the lane's kiosk; resolves once it is on the lane's stream. */
  sendToLane(lotId: string, laneId: string, command: RemoteActionCommand): Promise<void>;
  /** Whether the request came over TLS (directly, or from a trusted proxy's X-Forwarded-Proto). */
  isSecure(req: IncomingMessage): boolean;
  clientAddress(req: IncomingMessage): string;
  now?: () => number;
}

const CONSOLE_KEEPALIVE_MS = 5_000;
/**
 * Live streams one account may hold open on an instance: a console or two, and the one a
 * reconnecting console opens before its old link is noticed dead. Each stream holds a socket and
 * is written to on every board change, so a stolen session cannot open thousands.
 */
export const MAX_STREAMS_PER_ACCOUNT = 4;
const STREAM_RETRY_AFTER_SECONDS = 10;
const END_REASONS: readonly CallEndReason[] = ['hung-up-by-staff'];
/**
 * What moves money, lifts the barrier or changes whose fee is shown is done only by the attendant
 * talking to that lane's driver; a frozen screen can be reset and a receipt reprinted from the board.
 */
const IN_CALL_ACTIONS: ReadonlySet<RemoteActionKind> = new Set(['release', 'open-gate', 'correct-plate']);

export class ConsoleApi {
  private readonly now: () => number;
  private readonly decoyHash: Promise<string>;
  /** Open streams per staff id, oldest first, each with the session token that opened it. */
  private readonly streams = new Map<string, Array<{ token: string; res: ServerResponse; writer: ConsoleStreamWriter }>>();

  constructor(private readonly deps: ConsoleApiDeps) {
    this.now = deps.now ?? Date.now;
    this.decoyHash = decoyPasswordHash([...deps.staff.values()].map((person) => person.passwordHash));
  }

  signIn = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req, SIGN_IN_BODY, 4096);
    const staffId = body.staffId.trim();
    const password = body.password;
    const address = this.deps.clientAddress(req);
    const decision = await this.deps.signInGuard.admit(staffId, address);
    if (!decision.allowed) {
      res.setHeader('retry-after', String(decision.retryAfterSeconds));
      throw new ApiError(429, 'too-many-attempts', `too many sign-in attempts; try again in ${decision.retryAfterSeconds} s`);
    }
    const account = this.deps.staff.get(staffId);
    // An unknown id costs the same scrypt work as a wrong password, so timing does not tell which ids exist.
    const matches = await passwordMatches(account?.passwordHash ?? (await this.decoyHash), password);
    if (!account || !matches) {
      await this.deps.audit.record({ kind: 'sign-in-refused', staffId: staffId || null, lotId: null, laneId: null, subject: null, reason: null, detail: {} });
      throw new ApiError(401, 'bad-credentials', 'unknown staff id or wrong password');
    }
    await this.deps.signInGuard.remember(account.id, address);
    const { token } = await this.deps.sessions.start(account.id);
    await this.deps.audit.record({ kind: 'sign-in', staffId: account.id, lotId: null, laneId: null, subject: null, reason: null, detail: {} });
    sendJson(res, 200, { staff: publicAccount(account) }, { 'set-cookie': sessionCookie(token, { secure: this.deps.isSecure(req), maxAgeMs: SESSION_TTL_MS }) });
  };

  signOut = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const token = sessionTokenFrom(req.headers.cookie);
    const account = await this.accountOrNull(req);
    if (token) await this.deps.sessions.end(token);
    if (account) await this.deps.audit.record({ kind: 'sign-out', staffId: account.id, lotId: null, laneId: null, subject: null, reason: null, detail: {} });
    res.writeHead(204, { 'set-cookie': clearedSessionCookie(this.deps.isSecure(req)), 'cache-control': 'no-store' }).end();
  };

  me = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    sendJson(res, 200, { staff: publicAccount(await this.account(req)) });
  };

  /** The console's live stream: a snapshot first, then every change it may see, until it disconnects. */
  events = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const account = await this.account(req);
    const writer = this.admitStream(account.id, sessionTokenFrom(req.headers.cookie)!, res);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    const send = (event: string, data: unknown) => writer.send(event, data);
    res.write('retry: 2000\n\n');
    send('snapshot', { lanes: this.deps.board.boardFor(account), calls: this.deps.calls.callsFor(account), serverNow: this.now() });
    writer.flush();
    const stopBoard = this.deps.board.watch(account, (lane) => send('lane', lane));
    const stopOutcomes = this.deps.board.watchOutcomes(account, (outcome) => send('action-outcome', outcome));
    const stopCalls = this.deps.calls.listen(account, { onCall: (call) => send('call', call), onSignal: (callId, signal) => send('signal', { callId, signal }) });
    // A named ping (browsers hide SSE comments from pages) lets the console notice a half-open link within seconds.
    const keepalive = setInterval(() => send('ping', this.now()), CONSOLE_KEEPALIVE_MS);
    req.on('close', () => {
      writer.close();
      this.forgetStream(account.id, res);
      clearInterval(keepalive);
      stopBoard();
      stopOutcomes();
      stopCalls();
    });
  };

  answer = async (req: IncomingMessage, res: ServerResponse, params: Params): Promise<void> => {
    const account = await this.account(req);
    try {
      sendJson(res, 200, await this.deps.calls.answer(account, params.callId ?? ''));
    } catch (error) {
      // The others are told who took the call, so they can stand down.
      if (error instanceof CallError && error.code === 'already-answered') sendError(res, 409, error.code, error.message, { answeredBy: error.answeredBy });
      else await callStep(() => Promise.reject(error));
    }
  };

  end = async (req: IncomingMessage, res: ServerResponse, params: Params): Promise<void> => {
    const account = await this.account(req);
    const ended = await callStep(() => this.deps.calls.end(params.callId ?? '', END_REASONS[0]!, account));
    if (!ended) throw new ApiError(404, 'no-such-call', 'no such call');
    sendJson(res, 200, ended);
  };

  signal = async (req: IncomingMessage, res: ServerResponse, params: Params): Promise<void> => {
    const account = await this.account(req);
    const { type, body } = await readBody(req, SIGNAL_BODY, 16 * 1024);
    const signal: CallSignal = { type, body: body ?? null };
    await callStep(() => this.deps.calls.signal({ side: 'console', account }, params.callId ?? '', signal));
    res.writeHead(204).end();
  };

  action = async (req: IncomingMessage, res: ServerResponse, params: Params): Promise<void> => {
    const account = await this.account(req);
    const lotId = params.lotId ?? '';
    const laneId = params.laneId ?? '';
    const body = await readBody(req, ACTION_BODY, 4096);
    const { kind } = body;
    const reason = body.reason.trim();
    const amountFen = body.amountFen ?? undefined;
    const plate = body.plate ?? undefined;
    if (kind === 'release' && amountFen === undefined) throw new ApiError(400, 'invalid-amount', 'a release says the amount collected (amountFen, 0 for a free pass)');
    if (kind === 'correct-plate' && !plate) throw new ApiError(400, 'invalid-plate', 'correct-plate needs the plate');
    if (!this.deps.laneExists(lotId, laneId) || !account.lots.includes(lotId)) throw new ApiError(404, 'no-such-lane', `no lane ${laneId} in lot ${lotId}`);
    // What the attendant saw of the lane when acting: the lane refuses a release for another car, or for a fee that has grown since.
    const shown = this.deps.board.lane(lotId, laneId);
    const seen = { plate: shown?.plate ?? null, dueFen: shown?.dueFen ?? null };
    const denial = denialOf(account, { kind, lotId, reason, amountFen, dueFen: seen.dueFen }, this.deps.supervisorLimitFen(lotId));
    const actionId = randomUUID();
    const asked = { ...(amountFen === undefined ? {} : { amountFen }), ...(plate ? { plate } : {}) };
    const detail = { actionId, ...asked, ...(seen.plate ? { seenPlate: seen.plate } : {}), ...(seen.dueFen === null ? {} : { seenDueFen: seen.dueFen }) };
    if (denial) {
      await this.deps.audit.record({ kind: 'remote-action-refused', staffId: account.id, lotId, laneId, subject: kind, reason, detail: { ...detail, code: denial.code } });
      throw new ApiError(403, denial.code, denial.message);
    }
    if (IN_CALL_ACTIONS.has(kind) && !this.holdsCall(account, lotId, laneId)) {
      await this.deps.audit.record({ kind: 'remote-action-refused', staffId: account.id, lotId, laneId, subject: kind, reason, detail: { ...detail, code: 'call-required' } });
      throw new ApiError(409, 'call-required', `${kind} is for the lane whose driver you are talking to: answer its call first`);
    }
    // Recorded before it is sent: nothing reaches a lane that the audit trail does not hold.
    await this.deps.audit.record({ kind: 'remote-action', staffId: account.id, lotId, laneId, subject: kind, reason, detail });
    await this.deps.sentActions.remember(actionId, { lotId, laneId, kind, by: account.id });
    await this.deps.sendToLane(lotId, laneId, { kind, reason, by: account.id, ...asked, actionId, seen, at: Date.now() });
    sendJson(res, 202, { kind, lotId, laneId, actionId });
  };

  auditTrail = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const account = await this.account(req);
    const query = new URL(req.url ?? '/', 'http://console').searchParams;
    const time = (name: string) => {
      const value = query.get(name);
      if (value === null || value === '') return undefined;
      const ms = Number.isFinite(Number(value)) ? Number(value) : Date.parse(value);
      if (!Number.isFinite(ms)) throw new ApiError(400, 'invalid-time', `${name} must be epoch ms or an ISO 8601 time`);
      return ms;
    };
    const kinds = query.getAll('kind').filter(Boolean) as AuditKind[];
    const records = await this.deps.audit.query(account, {
      from: time('from'),
      to: time('to'),
      kinds: kinds.length ? kinds : undefined,
      laneId: query.get('lane') || undefined,
      staffId: query.get('staff') || undefined,
    });
    if (query.get('format') === 'csv') {
      const csv = `\uFEFF${auditCsv(records)}`; // The BOM makes spreadsheet programs read the Chinese as UTF-8.
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="lane-kiosk-audit.csv"', 'cache-control': 'no-store' });
      res.end(csv);
      return;
    }
    sendJson(res, 200, { records });
  };

  /** Ends every console stream: the consoles reconnect, to a live instance, and resynchronise from its snapshot. */
  close(): void {
    for (const open of this.streams.values()) {
      for (const { res, writer } of open) {
        writer.flush();
        res.end();
      }
    }
    this.streams.clear();
  }

  /**
   * Counts the stream against its account. At the limit, the oldest stream of the same session gives
   * way (a console reconnecting while its old link is half-open must not be locked out by it); it is
   * told `replaced`, so a console open in too many windows stops the oldest rather than fight over
   * the slots. Streams of other sessions are not touched: then the answer is 429.
   */
  private admitStream(staffId: string, token: string, res: ServerResponse): ConsoleStreamWriter {
    const open = this.streams.get(staffId) ?? [];
    if (open.length >= MAX_STREAMS_PER_ACCOUNT) {
      const stale = open.find((stream) => stream.token === token);
      if (!stale) {
        res.setHeader('retry-after', String(STREAM_RETRY_AFTER_SECONDS));
        throw new ApiError(429, 'too-many-streams', `${staffId} has ${open.length} consoles open, the limit; close one, or retry in ${STREAM_RETRY_AFTER_SECONDS} s`);
      }
      open.splice(open.indexOf(stale), 1);
      stale.writer.close();
      stale.res.end('event: replaced\ndata: {}\n\n');
    }
    const writer = new ConsoleStreamWriter(res);
    open.push({ token, res, writer });
    this.streams.set(staffId, open);
    return writer;
  }

  private forgetStream(staffId: string, res: ServerResponse): void {
    const open = (this.streams.get(staffId) ?? []).filter((stream) => stream.res !== res);
    if (open.length) this.streams.set(staffId, open);
    else this.streams.delete(staffId);
  }

  /** Whether `account` holds the answered call of this lane. */
  private holdsCall(account: StaffAccount, lotId: string, laneId: string): boolean {
    return this.deps.calls.callsFor(account).some((c) => c.state === 'answered' && c.answeredBy === account.id && c.lotId === lotId && c.laneId === laneId);
  }

  /** The signed-in account, or 401; an account removed from the config loses its sessions at once. */
  private async account(req: IncomingMessage): Promise<StaffAccount> {
    const account = await this.accountOrNull(req);
    if (!account) throw new ApiError(401, 'sign-in-required', 'sign in to the console first');
    return account;
  }

  private async accountOrNull(req: IncomingMessage): Promise<StaffAccount | null> {
    const session = await this.deps.sessions.find(sessionTokenFrom(req.headers.cookie));
    const staff = session ? this.deps.staff.get(session.staffId) : undefined;
    return staff ? publicAccount(staff) : null;
  }
}

function publicAccount({ id, name, role, lots }: StaffAccount): StaffAccount {
  return { id, name, role, lots };
}

/** Runs a call step, turning the desk's refusals into HTTP answers (409 with who holds the call). */
async function callStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof CallError)) throw error;
    if (error.code === 'not-ringing') throw new ApiError(404, 'no-such-call', error.message);
    throw new ApiError(409, error.code, error.message);
  }
}
