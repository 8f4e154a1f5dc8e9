/** The console API's request bodies, as JSON Schemas (checked by ajv like every body the proxy reads). */
import { REMOTE_ACTION_OUTCOMES, REMOTE_ACTIONS, type RemoteActionKind, type RemoteActionOutcome } from '../../core/attendant/staff-access.js';
import { body, plate } from '../request-bodies.js';

export interface SignInBody {
  staffId: string;
  password: string;
}

export const SIGN_IN_BODY = body<SignInBody>(
  { type: 'object', required: ['staffId', 'password'], properties: { staffId: { type: 'string', maxLength: 64 }, password: { type: 'string', maxLength: 256 } } },
  'invalid-sign-in',
);

export interface SignalBody {
  type: 'offer' | 'answer' | 'candidate' | 'bye';
  body?: unknown;
}

export const SIGNAL_BODY = body<SignalBody>(
  { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['offer', 'answer', 'candidate', 'bye'] }, body: {} as never } },
  'invalid-signal',
);

export interface ActionBody {
  kind: RemoteActionKind;
  /** Checked by the access rules (and audited when missing), not here. */
  reason: string;
  amountFen?: number;
  plate?: string;
}

export const ACTION_BODY = body<ActionBody>(
  {
    type: 'object',
    required: ['kind', 'reason'],
    properties: {
      kind: { type: 'string', enum: [...REMOTE_ACTIONS] },
      reason: { type: 'string', maxLength: 200 },
      amountFen: { type: 'integer', minimum: 0, maximum: 100_000_000, nullable: true } as never,
      plate: { ...plate, nullable: true } as never,
    },
  },
  'invalid-action',
  { amountFen: 'invalid-amount', plate: 'invalid-plate', reason: 'reason-required' },
);

/** A lane's report of what it did with a remote action (POST /v1/lanes/{laneId}/remote-actions/{actionId}/outcome). */
export interface ActionOutcomeBody {
  kind: RemoteActionKind;
  outcome: RemoteActionOutcome;
  /** The attendant who sent it, as the command named them. */
  by: string;
}

export const ACTION_OUTCOME_BODY = body<ActionOutcomeBody>(
  {
    type: 'object',
    required: ['kind', 'outcome', 'by'],
    properties: {
      kind: { type: 'string', enum: [...REMOTE_ACTIONS] },
      outcome: { type: 'string', enum: [...REMOTE_ACTION_OUTCOMES] },
      by: { type: 'string', minLength: 1, maxLength: 64 },
    },
  },
  'invalid-outcome',
);
