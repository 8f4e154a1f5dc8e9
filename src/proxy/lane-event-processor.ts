/**
 * The proxy's side of the kiosk outbox: applies each delivered lane event once, in order within
 * its stream, and answers per item. An event the platform cannot take now is `retry` (and holds
 * back the rest of its stream, to keep FIFO); one that can never be applied is `rejected`.
 *
 * An event whose apply was cut short by a crash is applied again when the platform would know it
 * already (a passage has the same plate, lane and time). An offline bill is not: Welink's
 * addTmpRentBill has no key to recognise a repeat, so it goes to staff as `rejected`
 * ("interrupted") rather than risk a second bill for one car.
 */
import { type LaneEventError, validateLaneEvent, type DeliveryResult, type GateOpenPayload, type LaneEventEnvelope, type OfflineBillPayload, type PassagePayload } from '../core/lane-events.js';
import { EntryLaneRegister } from './entry-lanes.js';
import { UpstreamError } from './errors.js';
import { IdempotencyBusyError, IdempotencyStore } from './idempotency.js';
import type { Logger } from './log.js';
import type { LotRuntime } from './lot-runtime.js';
import type { StateStore } from './state/store.js';

export const INTERRUPTED_BILL_REASON = 'interrupted: the proxy stopped while sending this offline bill; check the platform before sending it again';

/**
 * Events only an exit lane can witness: a car let out, billed offline. An entry lane sending one is
 * refused, so an entry kiosk's key (it sits in a browser) can never bill a car or report it gone.
 */
const EXIT_ONLY: ReadonlySet<LaneEventEnvelope['type']> = new Set(['offline-bill', 'leave']);

/** Upstream failures that will not go away by retrying the same request. */
const PERMANENT: ReadonlySet<UpstreamError['kind']> = new Set(['invalid-request', 'no-record']);

export class LaneEventProcessor {
  private readonly applied: IdempotencyStore<DeliveryResult>;
  /** Counts for health and tests: what this process applied, by type. */
  readonly appliedCount = new Map<string, number>();
  /** Where cars came in, for the offline bills' enterLaneId. */
  readonly entryLanes: EntryLaneRegister;

  constructor(
    store: StateStore,
    private readonly log: Logger,
    options: { interruptedAfterMs?: number; ticketKey?: string | null } = {},
  ) {
    this.applied = new IdempotencyStore(store, 'outbox', options);
    this.entryLanes = new EntryLaneRegister(store, options.ticketKey ?? null, log);
  }

  async deliver(lot: LotRuntime, laneId: string, events: unknown[]): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    const heldStreams = new Set<string>();
    for (const raw of events) {
      let event: LaneEventEnvelope;
      try {
        event = validateLaneEvent(raw);
      } catch (error) {
        const key = typeof (raw as { key?: unknown })?.key === 'string' ? (raw as { key: string }).key : '(none)';
        results.push({ key, status: 'rejected', reason: (error as LaneEventError).message });
        continue;
      }
      if (heldStreams.has(event.stream)) {
        results.push({ key: event.key, status: 'retry', reason: 'an earlier event of this stream has not been applied yet' });
        continue;
      }
      let outcome;
      try {
        // Keys are per lane: one lane's keys can never shadow another's events.
        outcome = await this.applied.once(
          `${laneId}:${event.key}`,
          () => this.apply(lot, laneId, event),
          (r) => r.status === 'accepted' || r.status === 'rejected',
          () => (event.type === 'offline-bill' ? this.interrupted(laneId, event) : undefined),
        );
      } catch (error) {
        if (!(error instanceof IdempotencyBusyError)) throw error;
        outcome = { result: { key: event.key, status: 'retry', reason: error.message } as DeliveryResult, replayed: false };
      }
      const { result, replayed } = outcome;
      const answer: DeliveryResult = replayed && result.status === 'accepted' ? { key: event.key, status: 'duplicate' } : result;
      if (answer.status === 'retry') heldStreams.add(event.stream);
      results.push(answer);
    }
    await this.applied.settled();
    return results;
  }

  /** An arrive through one of the lot's entry lanes says where the car came in; a leave ends the stay. */
  private async registerPassage(lot: LotRuntime, laneId: string, kind: 'arrive' | 'leave', passage: PassagePayload): Promise<void> {
    if (kind === 'leave') return this.entryLanes.left(lot.settings.lotId, passage.plate, passage.atMs);
    const lane = lot.settings.lanes.find((l) => l.laneId === laneId);
    if (lane?.direction === 'entry') await this.entryLanes.arrived(lot.settings.lotId, passage.plate, laneId, passage.atMs);
  }

  private interrupted(laneId: string, event: LaneEventEnvelope): DeliveryResult {
    this.log.warn('offline bill interrupted mid-apply; parked for staff', { key: event.key, laneId, stream: event.stream });
    return { key: event.key, status: 'rejected', reason: INTERRUPTED_BILL_REASON };
  }

  private async apply(lot: LotRuntime, laneId: string, event: LaneEventEnvelope): Promise<DeliveryResult> {
    if (EXIT_ONLY.has(event.type) && lot.settings.lanes.find((lane) => lane.laneId === laneId)?.direction !== 'exit') {
      return { key: event.key, status: 'rejected', reason: `${event.type} comes from exit lanes; lane ${laneId} is not one` };
    }
    try {
      if (event.type === 'offline-bill') {
        if (!lot.feeSource.reportOfflineBill) {
          return { key: event.key, status: 'rejected', reason: `${lot.feeSource.platform} takes no offline bills` };
        }
        const bill = event.payload as OfflineBillPayload;
        const { enterLaneId, source } = await this.entryLanes.resolve(lot, laneId, bill);
        await lot.feeSource.reportOfflineBill(bill, enterLaneId);
        this.log.info('offline bill reported', { key: event.key, laneId, enterLaneId, enterLaneSource: source });
        await this.entryLanes.left(lot.settings.lotId, bill.plate, bill.exitAtMs);
      }
      if (event.type === 'arrive' || event.type === 'leave') await this.registerPassage(lot, laneId, event.type, event.payload as PassagePayload);
      if ((event.type === 'leave' || event.type === 'arrive') && lot.feeSource.recordPassage) {
        const passage = event.payload as PassagePayload;
        await lot.feeSource.recordPassage({ kind: event.type, plate: passage.plate, atMs: passage.atMs });
      }
      if ((event.type === 'leave' || event.type === 'arrive') && lot.city) {
        const passage = event.payload as PassagePayload;
        const route = await lot.city.report({
          kind: event.type,
          plate: passage.plate,
          atMs: passage.atMs,
          enteredAtMs: passage.enteredAtMs ?? passage.atMs,
          payFen: passage.payFen ?? 0,
          payType: passage.payType ?? 'unknown',
          vehicleType: passage.vehicleClass === 'large' ? 2 : 1,
          laneType: 1,
          parkType: 1,
        });
        this.log.info('passage reported', { key: event.key, type: event.type, route });
      }
      if (event.type === 'gate-open') {
        // The operator's audit of the barrier; no platform takes it (a platform's own barrier opens on the payment).
        const { reason, result, actuator, ref } = event.payload as GateOpenPayload;
        this.log.info('gate opening recorded', { key: event.key, laneId, reason, result, actuator, ref });
      }
      // Coupon uses, payment confirmations, printer failures and gate openings end here: recorded, not forwarded.
      this.appliedCount.set(event.type, (this.appliedCount.get(event.type) ?? 0) + 1);
      this.log.info('lane event applied', { key: event.key, type: event.type, laneId, stream: event.stream });
      return { key: event.key, status: 'accepted' };
    } catch (error) {
      if (error instanceof UpstreamError) {
        const reason = `${error.platform}:${error.code} ${error.message}`;
        return PERMANENT.has(error.kind) ? { key: event.key, status: 'rejected', reason } : { key: event.key, status: 'retry', reason };
      }
      throw error;
    }
  }
}
