/**
 * The simulated Welink lane-auth desk (spec 5.7): entry credentials for unlicensed cars and ticket
 * holders, the exit state table, capture waits (state 7 → queryEvent → ReAuth) and record matching
 * (state 3 → refreshParkingFee). Tests script the states a user id meets next.
 */
import { SimFailure } from './failure.js';
import type { SimCar } from './records.js';

export interface SimLane {
  laneId: string;
  laneName: string;
  /** 1 entry, 2 exit, 3 access. */
  laneType: 1 | 2 | 3;
  areaId: string;
}

export interface AuthDeskHost {
  readonly lanes: readonly SimLane[];
  readonly cars: Map<string, SimCar>;
  enter(plate: string, enteredAtMs: number, enterLaneId: string): SimCar;
  /** The bill fields for a car with money due, or null when it may leave. */
  billFor(car: SimCar): Record<string, unknown> | null;
  now(): number;
}

const SCRIPTED_MESSAGES: Record<number, [string, string]> = {
  1: ['Refused', '认证被拒绝：黑名单车辆'],
  2: ['Confirming', '等待确认'],
  5: ['AuthError', '认证错误'],
  6: ['GateFailed', '开闸失败，请联系管理员'],
};

export class WelinkAuthDesk {
  /** userId → the temporary credential its car entered with. */
  readonly credentials = new Map<string, string>();
  private readonly scripts = new Map<string, number[]>();
  /** userId → polls still answering "not captured yet" before ReAuth. */
  private readonly captures = new Map<string, number>();
  private readonly awaitingMatch = new Set<string>();
  private nextLicense = 2_110_239;

  constructor(private readonly host: AuthDeskHost) {}

  /** The next lane-auth calls for `userId` answer these states first (7, 3, 1, 2, 5 or 6). */
  script(userId: string, states: number[]): void {
    this.scripts.set(userId, [...states]);
  }

  handle(method: string, body: Record<string, unknown>): unknown {
    const userId = String(body.userId ?? body.userid ?? '');
    if (userId === '' || userId.length > 32) throw new SimFailure('0001', 'userId is required, at most 32 characters');
    const laneId = String(body.laneId ?? '');
    const lane = this.host.lanes.find((l) => l.laneId === laneId);
    if (!lane) throw new SimFailure('0001', `unknown laneId ${laneId}`);
    switch (method) {
      case '/auth/enter':
        return lane.laneType === 1 ? this.enter(lane, userId) : { state: 5, errCode: 'WrongLane', message: '非入口通道' };
      case '/auth/exit':
        return lane.laneType === 2 ? this.exit(userId, true) : { state: 5, errCode: 'WrongLane', message: '非出口通道' };
      case '/auth/refreshParkingFee':
        this.awaitingMatch.delete(userId);
        return this.exit(userId, false);
      case '/auth/queryEvent':
        return this.queryEvent(userId);
      default:
        throw new SimFailure('0005', `method ${method} is not granted to this AppId`);
    }
  }

  private scripted(userId: string): number | undefined {
    const states = this.scripts.get(userId);
    const state = states?.shift();
    if (states && states.length === 0) this.scripts.delete(userId);
    return state;
  }

  private special(state: number | undefined, userId: string): unknown {
    if (state === 7) {
      this.captures.set(userId, 1);
      return { state: 7, errCode: 'WaitCapture', message: '请稍候，正在抓拍' };
    }
    if (state !== undefined && SCRIPTED_MESSAGES[state]) {
      const [errCode, message] = SCRIPTED_MESSAGES[state]!;
      // The platform knows whom it refuses: a ticket holder's credential comes back with the answer.
      const license = this.credentials.get(userId);
      return { state, errCode, message, ...(license ? { license } : {}) };
    }
    return undefined;
  }

  private enter(lane: SimLane, userId: string): unknown {
    const special = this.special(this.scripted(userId), userId);
    if (special) return special;
    const license = `QB0${this.nextLicense++}`;
    this.host.enter(license, this.host.now(), lane.laneId);
    this.credentials.set(userId, license);
    return { state: 0, errCode: 'Success', message: '临时车, 请入场', license };
  }

  /** `fresh`: /auth/exit; otherwise /auth/refreshParkingFee, which answers a scripted 3 again (record still unmatched) but nothing else. */
  private exit(userId: string, fresh: boolean): unknown {
    const next = fresh || this.scripts.get(userId)?.[0] === 3 ? this.scripted(userId) : undefined;
    const special = this.special(next, userId);
    if (special) return special;
    const license = this.credentials.get(userId);
    const car = license ? this.host.cars.get(license) : undefined;
    if (!license || !car) return { state: 5, errCode: 'NoEnterRecord', message: '没有入场记录' };
    if (next === 3) {
      this.awaitingMatch.add(userId);
      return { state: 3, errCode: 'WaitMatch', message: '等待匹配入场记录', license };
    }
    const bill = this.host.billFor(car);
    if (bill) return { state: 4, errCode: 'Success', message: '请支付停车费', license, ...bill };
    this.host.cars.delete(license);
    this.credentials.delete(userId);
    return { state: 0, errCode: 'Success', message: '一路顺风', license };
  }

  private queryEvent(userId: string): unknown {
    const pending = this.captures.get(userId);
    if (pending === undefined) return { state: 5, errCode: 'NoEvent', message: '没有认证事件' };
    if (pending > 0) {
      this.captures.set(userId, pending - 1);
      return { state: 7, errCode: 'WaitCapture', message: '请稍候，正在抓拍' };
    }
    this.captures.delete(userId);
    return { state: 7, errCode: 'ReAuth', message: '抓拍完成，请重新认证' };
  }
}
