import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-staff-exit.js';
import type { LaneStaffExit, LaneStaffExitEvent, LaneStaffPinEvent } from '../../src/components/lane-staff-exit.js';
import { parseRateDesc } from '../../src/core/rate-desc.js';
import type { StaffPinHash } from '../../src/core/quote.js';
import { mount, nextEvent, unmountAll } from './support.js';

async function pinHash(pin: string, laneId: string): Promise<StaffPinHash> {
  const salt = `lane-kiosk-staff-pin:${laneId}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: 1000 }, key, 256);
  return { salt, iterations: 1000, hash: [...new Uint8Array(bits)].map((b) => b.toString(16).padStart(2, '0')).join('') };
}

const tariff = parseRateDesc('全天 0:00-24:00#免费时间|15 分钟%小型车|5 元/小时%大型车|8 元/小时').tariff;

async function panel(): Promise<LaneStaffExit> {
  const element = document.createElement('lane-staff-exit');
  element.plate = '沪Q12345';
  element.tariff = tariff;
  element.staffPin = await pinHash('24682468', 'exit-1');
  element.enteredAtMs = Date.now() - 125 * 60_000;
  return mount(element);
}

const buttons = (el: LaneStaffExit) => [...el.shadowRoot!.querySelectorAll('button')];
const press = async (el: LaneStaffExit, keys: string): Promise<boolean> => {
  for (const key of keys) buttons(el).find((b) => b.textContent === key)!.click();
  const checked = nextEvent<LaneStaffPinEvent>(el, 'lane-staff-pin');
  buttons(el).find((b) => b.textContent === '确认')!.click();
  const { accepted } = (await checked).detail;
  await el.updateComplete;
  return accepted;
};

describe('<lane-staff-exit>', () => {
  afterEach(unmountAll);

  it('stays locked on a wrong PIN', async () => {
    const el = await panel();
    expect(await press(el, '1111')).to.equal(false);
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('密码错误');
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
  });

  it('unlocks, estimates from the tariff per vehicle class, and releases for cash', async () => {
    const el = await panel();
    expect(await press(el, '24682468')).to.equal(true);
    const estimate = () => el.shadowRoot!.querySelector('.estimate')!.textContent;
    expect(estimate()).to.equal('¥15.00', '125 minutes: three started hours at ¥5');
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'large';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(estimate()).to.equal('¥24.00');
    const released = nextEvent<LaneStaffExitEvent>(el, 'lane-staff-exit');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const { bill } = (await released).detail;
    expect(bill).to.include({ plate: '沪Q12345', payableFen: 2400, amountFen: 2400, settlement: 'cash', discountFen: 0 });
    expect(bill.exitAtMs - bill.enteredAtMs).to.be.within(124 * 60_000, 126 * 60_000);
  });

  it('a free pass needs a reason and an IOU a phone number', async () => {
    const el = await panel();
    await press(el, '24682468');
    const choose = async (value: string) => {
      el.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${value}"]`)!.click();
      await el.updateComplete;
    };
    await choose('iou');
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="phone"]')!.value = '12345';
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('请输入 11 位手机号');
    await choose('free');
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="reason"]')!.value = '消防车';
    const released = nextEvent<LaneStaffExitEvent>(el, 'lane-staff-exit');
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    const { bill } = (await released).detail;
    expect(bill).to.include({ settlement: 'free', note: '消防车', amountFen: 0, payableFen: 1500, discountFen: 1500 });
  });
});
