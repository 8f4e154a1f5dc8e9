/**
 * What a new driver met in the walkthrough: 返回 keeps their plate and language, calling staff does
 * not move the buttons, a free car's 无需缴费 stands above the buttons, new-energy plates are green,
 * and a platform's stand-in id is never shown as a plate.
 */
import { expect } from '@esm-bundle/chai';
import { html, render } from 'lit';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneExitKiosk, LaneStateEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import { plateBadge } from '../../src/components/shared/kiosk-chrome.js';
import type { LaneStateName } from '../../src/core/lane-machine.js';
import { LANE, mount, nextEvent, unmountAll } from './support.js';

function kiosk(): LaneExitKiosk {
  const element = document.createElement('lane-exit-kiosk');
  element.proxyUrl = LANE.proxyUrl;
  element.lane = LANE.laneId;
  element.laneKey = LANE.laneKey;
  return element;
}

const reached = (element: EventTarget, name: LaneStateName) => nextEvent<LaneStateEvent>(element, 'lane-state', (event) => event.detail.state.name === name);
const buttonNamed = (element: LaneExitKiosk, name: string) => [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name)!;

async function quoteFor(element: LaneExitKiosk, plate: string): Promise<void> {
  const quoted = reached(element, 'quoted');
  element.controller.submitPlate(plate);
  await quoted;
  await element.updateComplete;
}

describe('<lane-exit-kiosk> after the new-user walkthrough', () => {
  afterEach(unmountAll);

  it('返回 from "no entry record" puts the plate back on the keyboard and keeps the driver’s English', async () => {
    const element = await mount(kiosk());
    buttonNamed(element, 'English').click();
    await element.updateComplete;
    const plate = `沪Z${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
    await quoteFor(element, plate);
    expect(element.shadowRoot!.querySelector('[part="screen"]')!.textContent).to.contain('No entry record');
    const idle = reached(element, 'idle');
    buttonNamed(element, 'Back').click();
    await idle;
    await element.updateComplete;
    expect(element.locale).to.equal('en');
    const keyboard = element.shadowRoot!.querySelector('lane-plate-input')!;
    await keyboard.updateComplete;
    expect(keyboard.value).to.equal(plate);
  });

  it('the call to the remote attendant lies over the screen: the buttons the driver reaches for do not move', async () => {
    const element = await mount(kiosk());
    await quoteFor(element, `沪Z${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`);
    const back = () => buttonNamed(element, '返回').getBoundingClientRect();
    const before = back();
    buttonNamed(element, '呼叫工作人员').click();
    await element.updateComplete;
    const call = element.shadowRoot!.querySelector('lane-call-status')!;
    expect(call.state).to.equal('ringing');
    expect(back().top).to.equal(before.top);
    expect(getComputedStyle(call).position).to.equal('absolute');
    // Staff at the lane open the release form while the call rings: the form lies over the band, so
    // its 取消 and 确认放行 are never under it (on an 800×1280 tablet they sit where the band is).
    buttonNamed(element, '工作人员放行').click();
    await element.updateComplete;
    const band = call.getBoundingClientRect();
    const onTop = element.shadowRoot!.elementFromPoint(band.left + band.width / 2, band.top + band.height / 2);
    expect(onTop?.closest('.overlay'), 'the staff form, not the call band, takes a tap there').to.not.equal(null);
    element.attendant.hangUp();
  });

  it('a car inside its free period reads 无需缴费 above its buttons, not among them', async () => {
    const element = await mount(kiosk());
    await quoteFor(element, '京N8P8F8');
    const note = [...element.shadowRoot!.querySelectorAll('p')].find((p) => p.textContent === '无需缴费')!;
    expect(note.closest('.actions')).to.equal(null);
    expect(note.getBoundingClientRect().bottom).to.be.at.most(buttonNamed(element, '确认离场').getBoundingClientRect().top);
  });

  it('a new-energy plate keeps its green badge; a platform’s stand-in for a ticket holder is a plain reference, not a plate', () => {
    const host = document.createElement('div');
    document.body.append(host);
    render(html`${plateBadge('沪AD12345')}${plateBadge('沪A12345')}${plateBadge('QB02110239')}`, host);
    const [green, blue] = [...host.querySelectorAll('.plate')];
    expect(green!.classList.contains('new-energy')).to.equal(true);
    expect(blue!.classList.contains('new-energy')).to.equal(false);
    expect(host.querySelectorAll('.plate').length).to.equal(2);
    expect(host.querySelector('.car-ref')!.textContent).to.equal('QB02110239');
    host.remove();
  });
});
