/**
 * Screens that tell the truth, against the real proxy and Welink simulator: a car that owes nothing
 * sees its stay, a coupon that covers the fee keeps its discount on the card, a coupon scanned twice
 * says so, failures are words with a next action and never a code, call staff is confirmed where it
 * was pressed, and an idle screen a driver left goes back to a fresh plate and the lane's language.
 * axe-core runs on every screen these reach.
 */
import { expect } from '@esm-bundle/chai';
import { html, render } from 'lit';
import type { LaneAnnounceEvent, LaneExitKiosk, LaneLocaleEvent, LaneStateEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import { renderExitScreen } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.screens.js';
import { errorWords } from '../../src/components/shared/messages.js';
import type { LaneErrorKind } from '../../src/core/lane-machine.js';
import type { Quote } from '../../src/core/quote.js';
import { expectNoA11yViolations } from './a11y.js';
import { kioskWithScanner, post, reached, screenText, stopKiosks } from './exit-kiosk-support.js';
import { LANE, mount, nextEvent, payQuote } from './support.js';

const FULL_DAY_COUPON = 'LKC1:11151314366657101:12151114539475601'; // 当天全免
const FIVE_YUAN_COUPON = 'LKC1:11151314366657101:12151107613232801'; // 减免 5 元

const feeText = (element: LaneExitKiosk) => element.shadowRoot!.querySelector('[part="fee"]')!.textContent!.replace(/\s+/g, '');
const buttonLabels = (element: LaneExitKiosk) => [...element.shadowRoot!.querySelectorAll('[part="screen"] button')].map((b) => b.textContent!.trim());

async function quotedAfterScan(element: LaneExitKiosk, scan: () => Promise<void>): Promise<Extract<LaneStateEvent['detail']['state'], { name: 'quoted' }>> {
  const quoted = reached(element, 'quoted');
  await scan();
  const { state } = (await quoted).detail;
  await element.updateComplete;
  if (state.name !== 'quoted') throw new Error('not quoted');
  return state;
}

describe('<lane-exit-kiosk> screens that tell the truth', () => {
  afterEach(stopKiosks);

  it('a car inside its free period sees when it entered and how long it stayed, then 无需缴费, without rows of ¥0.00', async () => {
    const { element, scanner } = await kioskWithScanner();
    const { quote } = await quotedAfterScan(element, () => scanner.scan('京N8P8F8'));
    expect(quote.status).to.equal('nothing-to-pay');
    expect(quote.enteredAt, 'the entry comes from Welink’s on-site record').to.be.a('string');
    // Seeded 5 minutes before the demo proxy started, so a slow run sees a few more: still inside the free 15.
    expect(quote.minutes).to.be.within(5, 14);
    expect(feeText(element)).to.match(new RegExp(`^入场时间\\d{4}-\\d\\d-\\d\\d\\d\\d:\\d\\d:\\d\\d停车时长${quote.minutes}分钟$`));
    expect(screenText(element)).to.contain('无需缴费').and.not.contain('¥0.00');
    expect(buttonLabels(element)).to.include('确认离场');
    await expectNoA11yViolations(element);
  });

  it('a car that already paid sees its stay and 无需缴费 at the exit', async () => {
    await post('/sims/welink/_admin/park', { plate: '沪T20001', minutesAgo: 50 });
    const answer = await fetch(`/v1/lanes/${LANE.laneId}/quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${LANE.laneKey}` },
      body: JSON.stringify({ plate: '沪T20001' }),
    });
    const paidFor = (await answer.json()) as Quote;
    expect((await payQuote(paidFor.quoteId, paidFor.dueFen)).ok).to.equal(true);

    const { element, scanner } = await kioskWithScanner();
    const { quote } = await quotedAfterScan(element, () => scanner.scan('沪T20001'));
    expect(quote.status).to.equal('nothing-to-pay');
    expect(feeText(element)).to.contain('停车时长50分钟').and.contain('入场时间');
    expect(screenText(element)).to.contain('无需缴费').and.not.contain('¥0.00');
  });

  it('a coupon that covers the fee keeps the fee and its discount on the card', async () => {
    await post('/sims/welink/_admin/park', { plate: '沪T20002', minutesAgo: 95 });
    const { element, scanner } = await kioskWithScanner();
    expect((await quotedAfterScan(element, () => scanner.scan('沪T20002'))).quote.dueFen).to.equal(1000);
    const { quote } = await quotedAfterScan(element, () => scanner.scan(FULL_DAY_COUPON));
    expect(quote).to.deep.include({ status: 'nothing-to-pay', payableFen: 1000, discountFen: 1000, dueFen: 0 });
    expect(feeText(element)).to.contain('停车时长1小时35分钟').and.contain('应付¥10.00').and.contain('优惠−¥10.00');
    expect(screenText(element)).to.contain('无需缴费');
    await expectNoA11yViolations(element);
  });

  it('a coupon scanned twice says it was already applied, and the fee with its discount stays payable', async () => {
    await post('/sims/welink/_admin/park', { plate: '沪T20003', minutesAgo: 95 });
    const { element, scanner } = await kioskWithScanner(LANE, { debounceMs: 0 });
    await quotedAfterScan(element, () => scanner.scan('沪T20003'));
    const once = await quotedAfterScan(element, () => scanner.scan(FIVE_YUAN_COUPON));
    expect(once.quote.dueFen).to.equal(500);
    await element.updateComplete;
    const payButton = () => [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.startsWith('扫码支付'))!.getBoundingClientRect();
    const before = payButton();
    const spoken = nextEvent<LaneAnnounceEvent>(element, 'lane-announce');
    const twice = await quotedAfterScan(element, () => scanner.scan(FIVE_YUAN_COUPON));
    expect((await spoken).detail.text, 'said, not only shown').to.equal('此优惠券已使用过，优惠已计入下方费用。');
    expect(twice).to.deep.include({ notice: 'coupon-already-applied', quote: once.quote });
    expect(element.shadowRoot!.querySelector('[part="coupon-notice"]')!.textContent).to.equal('此优惠券已使用过，优惠已计入下方费用。');
    expect(feeText(element)).to.contain('优惠−¥5.00').and.contain('需支付¥5.00');
    expect(buttonLabels(element)).to.include('扫码支付 ¥5.00');
    expect(payButton().top, 'the notice lies over the screen: the pay button did not move').to.equal(before.top);
    // The countdown ticks every second; it must not be read out every second inside the live screen.
    expect(element.shadowRoot!.querySelector('[part="quote-countdown"]')!.closest('[aria-live]')!.getAttribute('aria-live')).to.equal('off');
    await expectNoA11yViolations(element);
  });

  it('every error kind is a title and words with the next action, never its code', () => {
    const kinds: Array<[LaneErrorKind, string]> = [
      ['network', 'network'],
      ['timeout', 'timeout'],
      ['upstream', 'welink:9999'],
      ['upstream', 'http-500'],
      ['rejected', 'platform-state-1'],
      ['rejected', 'forged-ticket'],
      ['rejected', 'invalid-ticket'],
      ['rejected', 'wrong-lot'],
      ['rejected', 'not-supported'],
      ['rejected', 'lane-not-mapped'],
      ['upstream', 'rate-limited'],
      ['invalid-plate', 'bad-province'],
    ];
    const host = document.createElement('div');
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const [kind, code] of kinds) {
        const error = { kind, code, message: 'internal detail' };
        render(
          html`${renderExitScreen({ name: 'error', error, plate: '沪A12345' }, { locale, now: Date.now(), freeSpaces: null, laneQr: '', staffRelease: false, staffFirst: false, staffNote: null, parts: { render: (_name, _locale, ready) => ready(), renderIfReady: (_name, ready) => ready() }, plateSuggestion: null, retypePlate: null, back: () => {}, send: () => {}, submitPlate: () => {}, callStaff: () => {}, openStaffRelease: () => {} })}`,
          host,
        );
        const text = host.textContent!.replace(/\s+/g, ' ');
        const words = errorWords(locale, error);
        expect(text, `${kind}/${code}`).to.contain(words.title).and.contain(words.text).and.not.contain('internal detail');
        // In English "network" and "timeout" are words too; the Chinese screen shows that no code leaks.
        if (locale === 'zh-CN') expect(text, `${kind}/${code}`).not.to.contain(code);
        expect(words.text, `${kind}/${code} names the next action`).to.match(locale === 'en' ? /call staff|try again|re-enter|scan/i : /呼叫工作人员|重试|重新输入|重新扫描/);
      }
    }
  });

  it('an unreachable proxy reads as a network failure in words; call staff says on that screen, in large type, that nobody can be called', async () => {
    // This lane's config from an earlier start, as the device keeps it.
    const config = await (await fetch(`/v1/lanes/${LANE.laneId}/config`, { headers: { authorization: `Bearer ${LANE.laneKey}` } })).json();
    localStorage.setItem(`lane-kiosk.config.${LANE.laneId}`, JSON.stringify(config));
    const element = document.createElement('lane-exit-kiosk');
    Object.assign(element, { proxyUrl: 'http://127.0.0.1:9', lane: LANE.laneId, laneKey: LANE.laneKey });
    await mount(element);
    const failed = reached(element, 'error');
    element.controller.submitPlate('沪A12345');
    await failed;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="screen"] h1')!.textContent).to.equal('暂时无法查询');
    expect(screenText(element)).to.contain('网络连接中断').and.not.contain('network');
    // Offline, a retry asks the same unreachable platform: staff (the lot's phone) is the main way out, retry stays on offer.
    const actions = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="screen"] .actions button')];
    expect(actions.map((b) => [b.textContent!.trim(), b.classList.contains('secondary')]).slice(0, 2)).to.deep.equal([
      ['呼叫工作人员', false],
      ['重试', true],
    ]);

    [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="screen"] button')].find((b) => b.textContent === '呼叫工作人员')!.click();
    await element.updateComplete;
    // Nobody can be rung without the proxy: the screen gives the lot's duty phone from the lane's
    // last config (kept on the device), and never says that staff were told.
    const confirmation = element.shadowRoot!.querySelector('[part="screen"] [part="staff-note"]')!;
    expect(confirmation.textContent).to.equal('网络中断，请拨打 021-5555 0100 联系工作人员');
    // A page that rang its own intercom says so (preventDefault): then, and only then, staff were called.
    element.addEventListener('lane-call-staff', (event) => event.preventDefault());
    [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="screen"] button')].find((b) => b.textContent === '呼叫工作人员')!.click();
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="screen"] [part="staff-note"]')!.textContent).to.equal('已通知工作人员，请稍候');
    const body = parseFloat(getComputedStyle(element.shadowRoot!.querySelector('[part="screen"] p:not([part])')!).fontSize);
    expect(parseFloat(getComputedStyle(confirmation).fontSize)).to.be.at.least(body * 2);
    await expectNoA11yViolations(element);
  });

  it('passes axe on every screen of a paid exit and of a car with no entry record; the pay countdown is not live', async () => {
    await post('/sims/welink/_admin/park', { plate: '沪T20004', minutesAgo: 40 });
    const { element, scanner } = await kioskWithScanner();
    await expectNoA11yViolations(element);
    const identifying = reached(element, 'identifying');
    const { quote } = await quotedAfterScan(element, async () => {
      await scanner.scan('沪T20004');
      await identifying;
      await element.updateComplete;
      await expectNoA11yViolations(element);
    });
    await expectNoA11yViolations(element);
    element.controller.send({ type: 'pay-requested' });
    await element.updateComplete;
    const qr = element.shadowRoot!.querySelector('lane-pay-qr')!;
    await qr.updateComplete;
    expect(qr.shadowRoot!.querySelector('[part="countdown"]')!.closest('[aria-live]')!.getAttribute('aria-live')).to.equal('off');
    await expectNoA11yViolations(element);
    const paid = reached(element, 'paid');
    const farewell = reached(element, 'farewell');
    const idle = reached(element, 'idle', 15_000);
    expect((await payQuote(quote.quoteId, quote.dueFen)).ok).to.equal(true);
    await paid;
    await element.updateComplete;
    await expectNoA11yViolations(element);
    await farewell;
    await element.updateComplete;
    await expectNoA11yViolations(element);

    const unknown = await quotedAfterScan(element, async () => {
      await idle;
      await scanner.scan('沪B99999');
    });
    expect(unknown.quote.status).to.equal('no-entry-record');
    await expectNoA11yViolations(element);
  });

  it('an idle screen a driver left goes back to an empty plate and the lane’s language after the inactivity timeout', async () => {
    const { element } = await kioskWithScanner();
    const touch = (target: Element) => {
      target.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      (target as HTMLElement).click();
    };
    const keyboard = element.shadowRoot!.querySelector('lane-plate-input')!;
    await keyboard.updateComplete;
    for (const key of ['沪', 'A', '1']) {
      touch(keyboard.shadowRoot!.querySelector(`button[data-key="${key}"]`)!);
      await keyboard.updateComplete;
    }
    expect(keyboard.value).to.equal('沪A1');
    touch(element.shadowRoot!.querySelector('[part="locale-switch"]')!);
    await element.updateComplete;
    expect([element.locale, element.lang]).to.deep.equal(['en', 'en']);

    // The lane's idle timeout (10 s in the test proxy's config) passes with nobody touching the screen.
    const back = await nextEvent<LaneLocaleEvent>(element, 'lane-locale', () => true, 15_000);
    await element.updateComplete;
    expect(back.detail.locale).to.equal('zh-CN');
    expect([element.locale, element.lang, keyboard.value]).to.deep.equal(['zh-CN', 'zh-CN', '']);
    expect(element.controller.state.name).to.equal('idle');
  });
});
