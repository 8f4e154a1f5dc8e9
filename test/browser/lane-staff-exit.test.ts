/** The staff release form by touch alone: PIN, entry time, vehicle, settlement and staff id, all on on-screen buttons. */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-staff-exit/lane-staff-exit.js';
import type { LaneStaffExit, LaneStaffExitEvent, LaneStaffPinEvent } from '../../src/components/lane-staff-exit/lane-staff-exit.js';
import { parseRateDesc } from '../../src/core/rate-desc.js';
import type { StaffPinHash } from '../../src/core/quote.js';
import { expectNoA11yViolations } from './a11y.js';
import { mount, nextEvent, unmountAll } from './support.js';
import { tap, tapEntryTime, tapField, tapKeys, tapPin } from './touch.js';

async function pinHash(pin: string, laneId: string): Promise<StaffPinHash> {
  const salt = `lane-kiosk-staff-pin:${laneId}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: 1000 }, key, 256);
  return { salt, iterations: 1000, hash: [...new Uint8Array(bits)].map((b) => b.toString(16).padStart(2, '0')).join('') };
}

const tariff = parseRateDesc('全天 0:00-24:00#免费时间|15 分钟%小型车|5 元/小时%大型车|8 元/小时').tariff;
// 2026-12-03 00:30 in Beijing: a car that came in at 22:25 came in "yesterday".
const NOW = Date.UTC(2026, 11, 2, 16, 30);
const ENTERED = NOW - 125 * 60_000;

async function panel(enteredAtMs: number | null = null): Promise<LaneStaffExit> {
  const element = document.createElement('lane-staff-exit');
  element.plate = '沪Q12345';
  element.tariff = tariff;
  element.staffPin = await pinHash('24682468', 'exit-1');
  element.enteredAtMs = enteredAtMs;
  element.clock = () => NOW;
  return mount(element);
}

const unlock = async (el: LaneStaffExit, pin: string): Promise<boolean> => {
  const checked = nextEvent<LaneStaffPinEvent>(el, 'lane-staff-pin');
  await tapPin(el, pin, checked);
  return (await checked).detail.accepted;
};
const text = (el: LaneStaffExit, selector: string) => el.shadowRoot!.querySelector(selector)?.textContent?.trim() ?? null;
const fieldValue = (el: LaneStaffExit, field: string) => text(el, `[part="field"][data-field="${field}"] .value`);
const noRelease = (el: LaneStaffExit) => {
  let released = false;
  el.addEventListener('lane-staff-exit', () => (released = true));
  return () => released;
};

describe('<lane-staff-exit>', () => {
  afterEach(unmountAll);

  it('stays locked on a wrong PIN, shows dots while typed, and unlocks on the right one', async () => {
    const el = await panel();
    await tapKeys(el, '1111');
    expect(el.shadowRoot!.querySelector('lane-keypad')!.shadowRoot!.querySelector('[part="display"]')!.textContent).to.equal('••••');
    expect(await unlock(el, '')).to.equal(false);
    expect(text(el, '[role="alert"]')).to.equal('密码错误');
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    expect(await unlock(el, '24682468')).to.equal(true);
    expect(el.shadowRoot!.querySelector('form')).to.not.equal(null);
  });

  it('leaves the entry time empty until staff give it, and will not release without it', async () => {
    const el = await panel();
    await unlock(el, '24682468');
    expect(fieldValue(el, 'entry')).to.equal('—');
    expect(text(el, '.estimate')).to.equal('—');
    expect(text(el, '.day-text')).to.equal('今天 12-03');
    const released = noRelease(el);
    await tap(el, '确认放行');
    expect(text(el, '[role="alert"]')).to.equal('请输入入场时间（日期与时:分）');
    expect(released()).to.equal(false);
    await tapKeys(el, '22');
    expect(fieldValue(el, 'entry')).to.equal('22:--');
    expect(text(el, '.estimate')).to.equal('—', 'half a time is no time');
  });

  it('by touch: yesterday 22:25, a large vehicle, cash typed over the estimate, a staff id', async () => {
    const el = await panel();
    await unlock(el, '24682468');
    await tapEntryTime(el, NOW, ENTERED);
    expect(text(el, '.day-text')).to.equal('昨天 12-02');
    expect(fieldValue(el, 'entry')).to.equal('22:25');
    expect(text(el, '.estimate')).to.equal('¥15.00', '125 minutes: three started hours at ¥5');
    expect(fieldValue(el, 'amount')).to.equal('15.00', 'the cash follows the estimate');
    await tap(el, '大型车');
    expect(text(el, '.estimate')).to.equal('¥24.00');
    await tapField(el, 'amount');
    await tapKeys(el, '20.5');
    expect(fieldValue(el, 'amount')).to.equal('20.5');
    await tapField(el, 'staff');
    expect(el.shadowRoot!.querySelector('lane-keypad')!.layout).to.equal('alphanumeric');
    await tapKeys(el, 'S07');
    const released = nextEvent<LaneStaffExitEvent>(el, 'lane-staff-exit');
    await tap(el, '确认放行');
    const { bill } = (await released).detail;
    expect(bill).to.deep.equal({
      plate: '沪Q12345',
      enteredAtMs: ENTERED,
      exitAtMs: NOW,
      payableFen: 2400,
      discountFen: 0,
      paidFen: 0,
      amountFen: 2050,
      settlement: 'cash',
      note: '',
      staff: 'S07',
    });
  });

  it('without a cached tariff there is no estimate: cash needs the amount typed', async () => {
    const el = await panel(ENTERED);
    el.tariff = null;
    await unlock(el, '24682468');
    expect(fieldValue(el, 'amount')).to.equal('—');
    await tap(el, '确认放行');
    expect(text(el, '[role="alert"]')).to.equal('请输入正确的金额');
    await tapKeys(el, '10');
    const released = nextEvent<LaneStaffExitEvent>(el, 'lane-staff-exit');
    await tap(el, '确认放行');
    expect((await released).detail.bill).to.include({ amountFen: 1000, payableFen: 0 });
  });

  it('refuses an entry time later than now', async () => {
    const el = await panel();
    await unlock(el, '24682468');
    await tapField(el, 'entry');
    await tapKeys(el, '0045'); // today 00:45, a quarter of an hour from now
    expect(text(el, '.estimate')).to.equal('—');
    const released = noRelease(el);
    await tap(el, '确认放行');
    expect(text(el, '[role="alert"]')).to.equal('入场时间晚于现在，请核对');
    expect(released()).to.equal(false);
  });

  it('a free pass needs one of the listed reasons and an IOU an 11-digit phone number, all tapped', async () => {
    const el = await panel(ENTERED);
    await unlock(el, '24682468');
    expect(fieldValue(el, 'entry')).to.equal('22:25', 'a known entry time is shown, not asked');
    await tap(el, '欠费登记');
    expect(el.shadowRoot!.querySelector('lane-keypad')!.label).to.equal('车主手机号', 'the keypad moves to the phone');
    await tapKeys(el, '12345');
    await tap(el, '确认放行');
    expect(text(el, '[role="alert"]')).to.equal('请输入 11 位手机号');
    await tapKeys(el, '678901');
    const iou = nextEvent<LaneStaffExitEvent>(el, 'lane-staff-exit');
    await tap(el, '确认放行');
    expect((await iou).detail.bill).to.include({ settlement: 'iou', note: '12345678901', amountFen: 0 });

    await tap(el, '免费放行');
    expect(el.shadowRoot!.querySelector('[data-field="phone"]')).to.equal(null);
    const released = noRelease(el);
    await tap(el, '确认放行');
    expect(text(el, '[role="alert"]')).to.equal('请填写免费原因');
    expect(released()).to.equal(false);
    await tap(el, '消防车');
    const free = nextEvent<LaneStaffExitEvent>(el, 'lane-staff-exit');
    await tap(el, '确认放行');
    expect((await free).detail.bill).to.include({ settlement: 'free', note: '消防车', amountFen: 0, payableFen: 1500, discountFen: 1500 });
  });

  it('records a free-pass reason in Chinese when the screen is in English', async () => {
    const el = await panel(ENTERED);
    el.locale = 'en';
    await unlock(el, '24682468');
    await tap(el, 'Free pass');
    await tap(el, 'Ambulance');
    const free = nextEvent<LaneStaffExitEvent>(el, 'lane-staff-exit');
    await tap(el, 'Release car');
    expect((await free).detail.bill.note).to.equal('救护车');
  });

  it('every control is a touch target of at least 80 px, and axe finds nothing on the form', async () => {
    const el = await panel(ENTERED);
    await unlock(el, '24682468');
    const keypad = el.shadowRoot!.querySelector('lane-keypad')!;
    const targets = [...el.shadowRoot!.querySelectorAll('button'), ...keypad.shadowRoot!.querySelectorAll('button')];
    const small = targets.map((b) => [b.textContent!.trim(), b.getBoundingClientRect()] as const).filter(([, r]) => r.height < 80 || r.width < 80);
    expect(small.map(([name, r]) => `${name} ${r.width}×${r.height}`)).to.deep.equal([]);
    await expectNoA11yViolations(el);
    await tap(el, '免费放行');
    await expectNoA11yViolations(el);
  });
});
