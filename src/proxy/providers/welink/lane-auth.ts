/**
 * Welink lane authentication (spec 5.7) for tickets and unlicensed cars: /auth/enter and /auth/exit
 * with the platform's lane id and a user id (paper-ticket number or phone user), driven through the
 * whole state table. State 7 means the camera has not captured the car yet: wait ~2 s, poll
 * /auth/queryEvent, and authenticate again when it says ReAuth. State 3 at the exit means the record
 * needed matching: /auth/refreshParkingFee fetches the fee again.
 */
import { UpstreamError } from '../../errors.js';
import type { LaneAuthResult, LaneAuthState } from '../types.js';
import type { WelinkClient } from './client.js';
import { billFromWelink, type TmpRentBill } from './bill.js';
import { LongId } from './long-json.js';

export interface LaneAuthTiming {
  /** Wait before each /auth/queryEvent poll; the spec suggests about 2 s. */
  pollMs: number;
  /** Polls before answering `awaiting-capture` and letting the kiosk ask again. */
  maxPolls: number;
}

interface AuthAnswer extends TmpRentBill {
  state?: unknown;
  errCode?: unknown;
  message?: unknown;
  license?: unknown;
}

const STATES: Record<number, LaneAuthState> = {
  0: 'released',
  1: 'refused',
  2: 'confirming',
  3: 'awaiting-staff',
  4: 'pay',
  5: 'error',
  6: 'gate-failed',
  7: 'awaiting-capture',
};

const REAUTH = 'ReAuth';
/** A car the camera keeps missing is not worth more than two fresh authentications per request. */
const MAX_REAUTHS = 2;

export class WelinkLaneAuth {
  constructor(
    private readonly client: WelinkClient,
    private readonly timing: LaneAuthTiming,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(direction: 'entry' | 'exit', platformLaneId: string, userId: string): Promise<LaneAuthResult> {
    const method = direction === 'entry' ? '/auth/enter' : '/auth/exit';
    let answer = await this.call(method, platformLaneId, userId);
    for (let reauths = 0; stateOf(answer) === 7 && reauths < MAX_REAUTHS; reauths++) {
      const event = await this.awaitCapture(platformLaneId, userId);
      if (!event) break;
      // ReAuth: the capture is in, authenticate again; any other state is the answer itself.
      answer = event.errCode === REAUTH ? await this.call(method, platformLaneId, userId) : event;
    }
    if (direction === 'exit' && stateOf(answer) === 3) answer = await this.call('/auth/refreshParkingFee', platformLaneId, userId);
    return this.toResult(answer, userId);
  }

  async refresh(platformLaneId: string, userId: string): Promise<LaneAuthResult> {
    return this.toResult(await this.call('/auth/refreshParkingFee', platformLaneId, userId), userId);
  }

  /** Polls /auth/queryEvent until the capture is in or the state moved on; null when it never came. */
  private async awaitCapture(platformLaneId: string, userId: string): Promise<AuthAnswer | null> {
    for (let poll = 0; poll < this.timing.maxPolls; poll++) {
      await new Promise((resolve) => setTimeout(resolve, this.timing.pollMs));
      const event = await this.call('/auth/queryEvent', platformLaneId, userId);
      if (stateOf(event) !== 7 || event.errCode === REAUTH) return event;
    }
    return null;
  }

  private async call(method: string, platformLaneId: string, userId: string): Promise<AuthAnswer> {
    const answer = await this.client.call<AuthAnswer | null>(method, { laneId: new LongId(platformLaneId), userId }, method === '/auth/queryEvent' ? 'GET' : 'POST');
    if (!answer || typeof answer !== 'object' || !(stateOf(answer) in STATES)) {
      throw new UpstreamError('welink', 'bad-response', 'state', `Welink ${method} answered without a known state`);
    }
    return answer;
  }

  private toResult(answer: AuthAnswer, userId: string): LaneAuthResult {
    const platformState = stateOf(answer);
    const license = typeof answer.license === 'string' && answer.license !== '' ? answer.license.replace(/\s/g, '') : null;
    const state = STATES[platformState]!;
    return {
      state,
      platformState,
      message: typeof answer.message === 'string' ? answer.message : '',
      license,
      bill: state === 'pay' ? billFromWelink({ ...answer, plateNumber: license ?? userId }, license ?? userId, this.now()) : null,
    };
  }
}

function stateOf(answer: AuthAnswer): number {
  return typeof answer.state === 'number' ? answer.state : Number.NaN;
}
