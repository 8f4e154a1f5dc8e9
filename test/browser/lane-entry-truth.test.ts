/**
 * The entry screens say what the lane can do, against the real proxy and simulators: a full lot says
 * so on the idle screen and offers staff, not a press that can only fail (a car whose plate the lane
 * knows keeps its press: the admission check may still let it in); offline the lane cannot issue and
 * says so, with no stale count; a failed ticket is told in an entry's words; the ticket screen tells
 * the driver what to do, the no-plate credential small and labelled; every screen has one h1.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-entry-kiosk/lane-entry-kiosk.js';
import type { LaneEntryKiosk, LaneEntryStateEvent, LaneTicketEvent } from '../../src/components/lane-entry-kiosk/lane-entry-kiosk.js';
import { entryErrorWords } from '../../src/components/lane-entry-kiosk/lane-entry-kiosk.messages.js';
import type { LaneStreamStatusEvent } from '../../src/components/shared/kiosk-events.js';
import type { LaneErrorKind } from '../../src/core/lane-machine.js';
import { GENERIC_80MM } from '../../src/hardware/escpos/profiles.js';
import { PrinterDriver } from '../../src/hardware/printer-driver.js';
import { VirtualPrinter } from '../../src/hardware/virtual/virtual-printer.js';
import { expectNoA11yViolations } from './a11y.js';
import { button, mount, nextEvent, unmountAll, whenSelector } from './support.js';

const ENTRY = { laneId: 'entry-1', laneKey: 'demo-lane-key-entry-1' };
/** Nothing answers on the discard port: the lane's proxy is unreachable. */
const DEAD_PROXY = 'http://127.0.0.1:9';
const DANGER = 'rgb(168, 7, 26)';
const admin = (path: string, body: unknown) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const shadow = (element: LaneEntryKiosk) => element.shadowRoot!;
const part = (element: LaneEntryKiosk, name: string) => shadow(element).querySelector<HTMLElement>(`[part="${name}"]`);
const screenText = (element: LaneEntryKiosk) => part(element, 'screen')!.textContent!.replace(/\s+/g, ' ');
/** Whether the part is on screen; a boolean, as a failing assertion on an element would report the whole element. */
const shows = (element: LaneEntryKiosk, name: string) => part(element, name) !== null;
const headings = (element: LaneEntryKiosk) => [...shadow(element).querySelectorAll('h1')].map((h) => h.textContent!.trim());
const fontSize = (el: Element) => parseFloat(getComputedStyle(el).fontSize);

/** An entry kiosk of kiosk size, its stream open and its first free-space answer shown (or known to be none). */
async function connectedKiosk(plate: string | null = null): Promise<LaneEntryKiosk> {
  const element = document.createElement('lane-entry-kiosk');
  element.style.cssText = 'display: grid; width: 1080px; height: 1600px;';
  Object.assign(element, { proxyUrl: location.origin, lane: ENTRY.laneId, laneKey: ENTRY.laneKey, plate });
  const open = nextEvent<LaneStreamStatusEvent>(element, 'lane-stream', (event) => event.detail.status === 'open');
  await mount(element);
  await open;
  await whenSelector(shadow(element), '[part="spaces"]');
  await element.updateComplete;
  return element;
}

/** Every button a driver can press on the screen is at least 80 px both ways. */
function expectTargets(element: LaneEntryKiosk): void {
  for (const b of part(element, 'screen')!.querySelectorAll('button')) {
    const { width, height } = b.getBoundingClientRect();
    expect(Math.min(width, height), b.textContent!).to.be.at.least(80);
  }
}

/** Answers the lane's ticket requests with a 502, as a proxy whose platform failed does; everything else goes through. */
function failTickets(): () => void {
  const real = window.fetch;
  window.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (method === 'POST' && url.endsWith(`/v1/lanes/${ENTRY.laneId}/tickets`)) {
      return Promise.resolve(new Response(JSON.stringify({ error: 'upstream', message: 'welink answered 502' }), { status: 502, headers: { 'content-type': 'application/json' } }));
    }
    return real(input, init);
  };
  return () => (window.fetch = real);
}

/** Taps 呼叫工作人员 on the idle screen; resolves once the lane has dealt with it and rendered. */
async function pressCallStaff(element: LaneEntryKiosk): Promise<void> {
  const asked = nextEvent(element, 'lane-call-staff');
  part(element, 'call-staff')!.click();
  await asked;
  await element.updateComplete;
}

describe('<lane-entry-kiosk> tells the truth', () => {
  let restoreFetch: (() => void) | null = null;
  afterEach(async () => {
    restoreFetch?.();
    restoreFetch = null;
    unmountAll();
    await admin('/sims/welink/_admin/spaces', { free: null });
  });

  it('a full lot says 车位已满 on the idle screen, in the alert colour, and offers staff instead of a press that can only fail', async () => {
    await admin('/sims/welink/_admin/spaces', { free: 0 });
    const element = await connectedKiosk();
    expect(headings(element)).to.deep.equal(['车位已满']);
    expect(getComputedStyle(shadow(element).querySelector('h1')!).color).to.equal(DANGER);
    expect(getComputedStyle(part(element, 'spaces')!).color, 'the count is no good news').to.equal(DANGER);
    expect(shows(element, 'press'), 'no press: a car the lane knows no plate of can only be turned away').to.equal(false);
    expect(screenText(element)).to.contain('预约或错峰停车车辆请呼叫工作人员');
    expectTargets(element);
    await expectNoA11yViolations(element);

    await pressCallStaff(element);
    expect(shadow(element).querySelector('lane-call-status')!.state, 'the lot’s remote attendants are rung').to.equal('ringing');
    expect(headings(element), 'still one h1 while the call rings').to.deep.equal(['车位已满']);
    element.attendant.hangUp();

    // Spaces again: the ticket button is back, as soon as the count says so.
    await admin('/sims/welink/_admin/spaces', { free: 3 });
    await element.controller.connection.refreshSpaces();
    await element.updateComplete;
    expect(headings(element)).to.deep.equal(['欢迎光临']);
    expect(shows(element, 'press')).to.equal(true);
  });

  it('a full lot keeps the press for a car whose plate the lane knows: its reservation still admits it', async () => {
    await admin('/sims/welink/_admin/spaces', { free: 0 });
    await admin('/sims/shanghai/_admin/reservation', { plateId: '沪E13580' });
    const element = await connectedKiosk('沪E13580');
    expect(headings(element)).to.deep.equal(['车位已满']);
    expect(part(element, 'plate')!.textContent).to.equal('沪E13580');
    expect(screenText(element)).to.contain('预约或错峰停车车辆，请核对车牌后按键取票');
    expect(shows(element, 'call-staff'), 'and staff, for a car without one').to.equal(true);
    expectTargets(element);
    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    part(element, 'press')!.click();
    const { detail } = await issued;
    expect(detail.reason, 'the lane controller’s admission check decided').to.equal('reservation');
  });

  it('offline, the idle screen cannot issue and says so: no press, no stale count, a call button that alerts the lane’s staff', async () => {
    await admin('/sims/welink/_admin/spaces', { free: 35 });
    const element = await connectedKiosk();
    const screen = part(element, 'screen')!;
    const before = screen.getBoundingClientRect().toJSON();
    expect(part(element, 'spaces')!.textContent).to.contain('35');

    element.proxyUrl = DEAD_PROXY;
    await whenSelector(shadow(element), '[part="offline-banner"]');
    await element.updateComplete;
    expect(part(element, 'offline-banner')!.textContent).to.contain('暂时无法出票');
    expect(headings(element)).to.deep.equal(['暂时无法出票']);
    expect(shows(element, 'press'), 'nothing to press that could work').to.equal(false);
    expect(shows(element, 'spaces'), 'a count the lane cannot refresh is not shown').to.equal(false);
    expect(screenText(element)).to.contain('呼叫工作人员').and.not.contain('35');
    expect(screen.getBoundingClientRect().toJSON(), 'the banner has its strip: the screen does not move').to.deep.equal(before);
    expectTargets(element);
    await expectNoA11yViolations(element);

    await pressCallStaff(element);
    // Nobody can be rung offline: the lot's phone when the lane's kept config has it, never that staff were told.
    expect(part(element, 'staff-note')!.textContent).to.match(/^网络中断，(请拨打 021-5555 0100 联系工作人员|暂时无法呼叫工作人员)$/);

    element.proxyUrl = location.origin;
    await whenSelector(shadow(element), '[part="press"]');
    expect(headings(element)).to.deep.equal(['欢迎光临']);
    expect(shows(element, 'staff-note'), 'the note stays with the offline screen it was asked on').to.equal(false);
  });

  it('a ticket the platform could not issue is told in an entry’s words, in Chinese and English, with one h1', async () => {
    const element = await connectedKiosk();
    restoreFetch = failTickets();
    const failed = nextEvent<LaneEntryStateEvent>(element, 'lane-entry-state', (e) => e.detail.state.name === 'error');
    part(element, 'press')!.click();
    await failed;
    await element.updateComplete;
    expect(headings(element)).to.deep.equal(['暂时无法出票']);
    const text = screenText(element);
    expect(text).to.contain('停车平台暂时不可用').and.contain('呼叫工作人员为您开闸');
    expect(text, 'not the exit’s words').to.not.contain('暂时无法查询').and.not.contain('收费平台');
    expect(button(element, /^重试$/).textContent, 'the way on: try again').to.contain('重试');
    expectTargets(element);

    part(element, 'locale-switch')!.click();
    await element.updateComplete;
    expect(headings(element)).to.deep.equal(['No ticket right now']);
    expect(screenText(element)).to.contain('call staff to open the barrier');
    await expectNoA11yViolations(element);
  });

  it('every error kind and code has an entry title and words with the next action, never its code', () => {
    const kinds: Array<[LaneErrorKind, string]> = [
      ['network', 'network'],
      ['network', 'no-proxy'],
      ['timeout', 'timeout'],
      ['upstream', 'welink:9999'],
      ['upstream', 'http-502'],
      ['upstream', 'rate-limited'],
      ['rejected', 'platform-state-1'],
      ['rejected', 'not-supported'],
      ['rejected', 'lane-not-mapped'],
      ['invalid-plate', 'bad-province'],
    ];
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const [kind, code] of kinds) {
        const words = entryErrorWords(locale, { kind, code, message: 'internal detail' });
        const said = `${words.title} ${words.text}`;
        expect(said, `${kind}/${code}`).to.not.contain(code).and.not.contain('internal detail').and.not.match(/查询|收费|look up/i);
        expect(words.text, `${kind}/${code} names the next action`).to.match(locale === 'en' ? /call staff|try again|press/i : /呼叫工作人员|重试|按键/);
      }
    }
  });

  it('the ticket screen says take it, the barrier opens, keep it to pay; the no-plate credential is small and labelled', async () => {
    const printer = new PrinterDriver(new VirtualPrinter('entry printer').channel, { profile: GENERIC_80MM, statusTimeoutMs: 300, stallTimeoutMs: 400 });
    await printer.start();
    const element = await connectedKiosk();
    element.printer = printer;
    const issued = nextEvent<LaneTicketEvent>(element, 'lane-ticket');
    part(element, 'press')!.click();
    const { entry } = (await issued).detail;
    await element.updateComplete;
    expect(entry.plate, 'Welink’s credential for a car without a plate').to.match(/^QB0\d+$/);
    expect(headings(element)).to.deep.equal(['请取票入场']);
    expect(part(element, 'barrier')!.textContent).to.equal('取票后道闸开启');
    expect(part(element, 'keep-ticket')!.textContent).to.equal('请保管好停车票，出场时凭票缴费');
    const credential = part(element, 'credential')!;
    expect(credential.textContent).to.equal(`无牌车凭证 ${entry.plate}`);
    const title = shadow(element).querySelector('h1')!;
    expect(fontSize(credential), 'the credential is no larger than the ticket number').to.be.at.most(fontSize(part(element, 'ticket-no')!));
    expect(fontSize(credential), 'and smaller than what the driver must do').to.be.below(fontSize(part(element, 'keep-ticket')!));
    expect(fontSize(title), 'the title is the largest text').to.be.above(fontSize(part(element, 'keep-ticket')!));
    expect(shadow(element).querySelector('.car-ref, .plate') === null, 'no plate-sized credential').to.equal(true);
    await expectNoA11yViolations(element);
    element.remove();
    await printer.stop();
  });

  it('has exactly one h1 on the idle, checking and full screens (the ticket and error screens are checked above)', async () => {
    const element = await connectedKiosk('沪E24681');
    const seen: Record<string, string[]> = { idle: headings(element) };
    await admin('/sims/welink/_admin/spaces', { free: 0 });
    const states: string[] = [];
    element.addEventListener('lane-entry-state', (e) => {
      states.push(e.detail.state.name);
      // Read as the state renders, before the next answer replaces it.
      void element.updateComplete.then(() => (seen[e.detail.state.name] ??= headings(element)));
    });
    const full = nextEvent<LaneEntryStateEvent>(element, 'lane-entry-state', (e) => e.detail.state.name === 'full');
    part(element, 'press')!.click();
    await full;
    await element.updateComplete;
    for (const [screen, found] of Object.entries(seen)) expect(found, screen).to.have.length(1);
    expect(Object.keys(seen)).to.include.members(['idle', 'checking', 'full']);
  });
});
