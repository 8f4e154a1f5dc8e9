/** <lane-keypad> tapped: each layout's keys, one decimal point and two decimals, the length cap, masking, the enter key. */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-keypad/lane-keypad.js';
import type { LaneKeypad, LaneKeypadEnterEvent, LaneKeypadInputEvent } from '../../src/components/lane-keypad/lane-keypad.js';
import { mount, nextEvent, unmountAll } from './support.js';

async function keypad(setup: Partial<LaneKeypad> = {}): Promise<LaneKeypad> {
  return mount(Object.assign(document.createElement('lane-keypad'), setup));
}

const keys = (el: LaneKeypad) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')];
const display = (el: LaneKeypad) => el.shadowRoot!.querySelector('[part="display"]')!.textContent;
async function tap(el: LaneKeypad, ...names: string[]): Promise<void> {
  for (const name of names) {
    keys(el).find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name)!.click();
    await el.updateComplete;
  }
}

describe('<lane-keypad>', () => {
  afterEach(unmountAll);

  it('lays out a phone pad, digits with a point, and digits with A–Z', async () => {
    const names = (el: LaneKeypad) => keys(el).map((b) => b.getAttribute('aria-label') ?? b.textContent);
    expect(names(await keypad())).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '清空', '0', '删除']);
    expect(names(await keypad({ layout: 'decimal', enterLabel: '确认' }))).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', '删除', '清空', '确认']);
    const alphanumeric = names(await keypad({ layout: 'alphanumeric' }));
    expect(alphanumeric).to.have.length(38);
    expect(alphanumeric).to.include.members(['0', 'A', 'I', 'O', 'Z']);
  });

  it('reports every change, takes one point and two decimals, and stops at maxlength', async () => {
    const el = await keypad({ layout: 'decimal', maxlength: 6 });
    const values: string[] = [];
    el.addEventListener('lane-keypad-input', (e: LaneKeypadInputEvent) => values.push(e.detail.value));
    await tap(el, '.', '5', '.', '0', '0');
    expect(el.value).to.equal('0.50');
    await tap(el, '清空', '1', '2', '3', '4', '5', '6', '7');
    expect(el.value).to.equal('123456');
    await tap(el, '删除');
    expect(values).to.deep.equal(['0.', '0.5', '0.50', '', '1', '12', '123', '1234', '12345', '123456', '12345']);
  });

  it('masks a PIN, shows a formatted value otherwise, and ends with the enter key', async () => {
    const pin = await keypad({ masked: true, enterLabel: '确认', format: (v) => `x${v}` });
    await tap(pin, '2', '4', '6');
    expect(display(pin)).to.equal('•••');
    const entered = nextEvent<LaneKeypadEnterEvent>(pin, 'lane-keypad-enter');
    await tap(pin, '确认');
    expect((await entered).detail.value).to.equal('246');
    const clock = await keypad({ format: (v) => v.padEnd(4, '-') });
    await tap(clock, '1', '4');
    expect(display(clock)).to.equal('14--');
  });

  it('keys are at least 80 px, however small the host asks for', async () => {
    const el = await keypad({ layout: 'alphanumeric', enterLabel: 'OK' });
    el.style.setProperty('--lane-keypad-key-size', '40px');
    const small = keys(el).filter((b) => b.getBoundingClientRect().height < 80);
    expect(small.map((b) => b.textContent)).to.deep.equal([]);
  });
});
