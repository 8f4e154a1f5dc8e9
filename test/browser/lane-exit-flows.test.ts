/**
 * <lane-exit-kiosk> beyond the plain plate: entry tickets through Welink lane auth (the state-7
 * camera wait and the state-3 record match), merchant coupons, the quote countdown and re-quote,
 * platform pushes, voice, the language switch and axe — against the real proxy and simulators,
 * with scans coming from the virtual scanner over the byte channel.
 */
import { expect } from '@esm-bundle/chai';
import jsQR from 'jsqr';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneAnnounceEvent, LaneQuoteEvent, LaneStaffReleaseEvent, LaneStateEvent, LaneStreamStatusEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { DeliveryResult } from '../../src/core/lane-events.js';
import { LaneVoice } from '../../src/components/shared/voice.js';
import { Outbox } from '../../src/offline/outbox.js';
import { expectNoA11yViolations } from './a11y.js';
import { kioskWithScanner, post, reached, screenText, stopKiosks, ticketHolder } from './exit-kiosk-support.js';
import { LANE, mount, nextEvent, OPERATOR_KEY } from './support.js';
import { tap, tapEntryTime, tapPin } from './touch.js';

describe('<lane-exit-kiosk> tickets, coupons and announcements', () => {
  afterEach(stopKiosks);

  it('a ticket holder waits while the exit camera captures the car (state 7), then pays; an expired fee is asked again by ticket', async () => {
    const { element, scanner } = await kioskWithScanner();
    const ticket = await ticketHolder(100);
    // The platform keeps answering 7 through the proxy's own polls, so the lane hears "awaiting capture".
    await post('/sims/welink/_admin/auth-script', { userId: ticket.ticketNo, states: [7, 7, 7] });
    const waiting = reached(element, 'auth-waiting');
    const quoted = nextEvent<LaneQuoteEvent>(element, 'lane-quote');
    await scanner.scan(ticket.payload);
    const { detail } = await waiting;
    expect(detail.state).to.deep.include({ name: 'auth-waiting', wait: 'capture', attempt: 1 });
    await element.updateComplete;
    expect(screenText(element)).to.contain('正在识别您的车辆');

    const { quote } = (await quoted).detail;
    expect(quote.plate).to.equal(ticket.license);
    expect(quote.dueFen).to.equal(1000); // 100 minutes: two started hours after the free 15 at ¥5
    await element.updateComplete;
    expect(screenText(element)).to.match(/需支付\s*¥10\.00/);

    const again = reached(element, 'authenticating');
    element.controller.send({ type: 'quote-expired' });
    expect((await again).detail.state).to.deep.equal({ name: 'authenticating', ticket: ticket.payload, attempt: 0, refresh: false });
    await reached(element, 'quoted');
  });

  it('a ticket holder the platform fails, released by staff: the offline bill carries the ticket, and Welink hears of the entry lane it names', async () => {
    const outbox = await Outbox.open({
      dbName: `kiosk-outbox-${crypto.randomUUID()}`,
      lockName: `kiosk-outbox-${crypto.randomUUID()}`,
      send: async (batch) => {
        const response = await fetch(`/v1/lanes/${LANE.laneId}/outbox`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${LANE.laneKey}` },
          body: JSON.stringify({ events: batch }),
        });
        return ((await response.json()) as { results: DeliveryResult[] }).results;
      },
    });
    try {
      const { element, scanner } = await kioskWithScanner();
      element.outbox = outbox;
      const ticket = await ticketHolder(100);
      // Welink fails this ticket at the exit (state 5): staff take the fee by hand.
      await post('/sims/welink/_admin/auth-script', { userId: ticket.ticketNo, states: [5] });
      const failed = reached(element, 'error');
      await scanner.scan(ticket.payload);
      expect((await failed).detail.state).to.deep.include({ plate: ticket.license, ticket: ticket.payload });
      while (!element.controller.config?.staffPin) await nextEvent(element, 'lane-state', () => true, 500).catch(() => element.updateComplete);
      await element.updateComplete;
      [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === '工作人员放行')!.click();
      await element.updateComplete;
      const panel = element.shadowRoot!.querySelector('lane-staff-exit')!;
      await tapPin(panel, '24682468', nextEvent(panel, 'lane-staff-pin'));
      await tapEntryTime(panel, Date.now(), Date.now() - 100 * 60_000);
      const released = nextEvent<LaneStaffReleaseEvent>(element, 'lane-staff-release');
      await tap(panel, '确认放行');
      const { bill } = (await released).detail;
      expect(bill.plate).to.equal(ticket.license);
      expect(bill.entryTicket).to.equal(ticket.payload);

      await outbox.flush();
      const bills = (await (await fetch('/sims/welink/_admin/offline-bills')).json()) as Array<{ plate: string; enterLaneId: string }>;
      expect(bills.filter((b) => b.plate === ticket.license).map((b) => b.enterLaneId)).to.deep.equal(['3150432953492101']);
    } finally {
      outbox.close();
    }
  });

  it('a ticket whose entry record staff are still matching (state 3) shows that, then the refreshed fee', async () => {
    const { element, scanner } = await kioskWithScanner();
    const ticket = await ticketHolder(40);
    await post('/sims/welink/_admin/auth-script', { userId: ticket.ticketNo, states: [3, 3] });
    const waiting = reached(element, 'auth-waiting');
    await scanner.scan(ticket.payload);
    expect((await waiting).detail.state).to.deep.include({ wait: 'staff' });
    await element.updateComplete;
    expect(screenText(element)).to.contain('工作人员正在核对您的入场记录');
    const asked = reached(element, 'authenticating');
    expect((await asked).detail.state).to.deep.include({ refresh: true });
    const quoted = await reached(element, 'quoted');
    expect(quoted.detail.state.name === 'quoted' && quoted.detail.state.quote.dueFen).to.equal(500);
  });

  it('a forged ticket says so in its title, with back and call staff but no retry (asking again gets the same answer), and no code', async () => {
    const { element, scanner } = await kioskWithScanner();
    const ticket = await ticketHolder(10);
    const failed = reached(element, 'error');
    const spoken = nextEvent<LaneAnnounceEvent>(element, 'lane-announce');
    await scanner.scan(`${ticket.payload.slice(0, -4)}AAAA`);
    const { state } = (await failed).detail;
    expect((await spoken).detail.text).to.match(/^入场凭证无效。.*请呼叫工作人员/).and.not.contain('重试');
    expect(state.name === 'error' && state.error.code).to.equal('forged-ticket');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="screen"] h1')!.textContent).to.equal('入场凭证无效');
    expect(screenText(element)).to.contain('请呼叫工作人员').and.not.contain('forged-ticket').and.not.contain('暂时无法查询');
    const labels = [...element.shadowRoot!.querySelectorAll('[part="screen"] button')].map((b) => b.textContent!.trim());
    expect(labels).to.include.members(['返回', '呼叫工作人员']).and.not.include('重试');
  });

  it('a merchant coupon scanned on the fee screen takes its discount off; scanned at idle it asks for the fee first', async () => {
    const { element, scanner } = await kioskWithScanner();
    const scanned = nextEvent(element, 'lane-scan');
    await scanner.scan('LKC1:11151314366657101:12151107613232801');
    await scanned;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="scan-note"]')!.textContent).to.contain('请先查询停车费');

    const first = nextEvent<LaneQuoteEvent>(element, 'lane-quote');
    await scanner.scan('沪C88888');
    const before = (await first).detail.quote;
    expect(before.dueFen).to.equal(1000);
    const requoted = nextEvent<LaneStateEvent>(element, 'lane-state', (e) => e.detail.state.name === 'quoted');
    await scanner.scan('LKC1:11151314366657101:12151107613232801'); // 减免 5 元
    const after = (await requoted).detail.state;
    expect(after.name === 'quoted' && after.quote).to.deep.include({ plate: '沪C88888', discountFen: 500, dueFen: 500 });
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="fee"]')!.textContent!.replace(/\s+/g, '')).to.contain('优惠−¥5.00');
  });

  it('a coupon scanned for a car with nothing to pay is not spent, and the driver is told why', async () => {
    const { element, scanner } = await kioskWithScanner();
    const quoted = nextEvent<LaneQuoteEvent>(element, 'lane-quote');
    await scanner.scan('京N8P8F8'); // inside its free period
    expect((await quoted).detail.quote.status).to.equal('nothing-to-pay');
    const scanned = nextEvent(element, 'lane-scan');
    await scanner.scan('LKC1:11151314366657101:12151107613232801');
    await scanned;
    await element.updateComplete;
    expect(element.controller.state.name).to.equal('quoted');
    expect(element.shadowRoot!.querySelector('[part="scan-note"]')!.textContent).to.equal('无需缴费，优惠券未使用');
  });

  it("a customer payment code is told to use the pay QR; a coupon link counts only from the lot's coupon hosts", async () => {
    const { element, scanner } = await kioskWithScanner();
    const note = () => element.shadowRoot!.querySelector('[part="scan-note"]')?.textContent ?? '';
    const paymentCode = nextEvent<CustomEvent<{ meaning: unknown }>>(element, 'lane-scan');
    await scanner.scan('134567890123456789'); // a WeChat 付款码
    expect((await paymentCode).detail.meaning).to.deep.equal({ kind: 'payment-code', wallet: 'wechat' });
    await element.updateComplete;
    expect(note()).to.contain('本车道不收付款码').and.contain('扫描屏幕上的支付二维码');

    const first = nextEvent<LaneQuoteEvent>(element, 'lane-quote');
    await scanner.scan('沪C77777');
    expect((await first).detail.quote.discountFen).to.equal(0);
    const refused = nextEvent<CustomEvent<{ meaning: { kind: string } }>>(element, 'lane-scan');
    await scanner.scan('https://coupons.example.org/c?mchId=11151314366657101&ruleId=12151107613232801');
    expect((await refused).detail.meaning.kind).to.equal('refused');
    await element.updateComplete;
    expect(note()).to.contain('不是本停车场合作商户发放的');

    const requoted = nextEvent<LaneStateEvent>(element, 'lane-state', (e) => e.detail.state.name === 'quoted');
    await scanner.scan('https://coupons.example.com/c?mchId=11151314366657101&ruleId=12151107613232801'); // the demo lot's coupon host
    const after = (await requoted).detail.state;
    expect(after.name === 'quoted' && after.quote).to.deep.include({ plate: '沪C77777', discountFen: 500 });
  });

  it('counts down to the fee being recalculated', async () => {
    const { element, scanner } = await kioskWithScanner();
    await post('/sims/welink/_admin/park', { plate: '沪C43210', minutesAgo: 200 }); // a car of its own: others may have paid
    const quoted = nextEvent<LaneQuoteEvent>(element, 'lane-quote');
    await scanner.scan('沪C43210');
    const { quote } = (await quoted).detail;
    element.now = Date.parse(quote.expiresAt) - 65_000;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="quote-countdown"]')!.textContent).to.equal('费用 1:05 后重新计算');
  });

  it('a platform push announcing the car at the exit brings up its fee with no typing', async () => {
    const { element } = await kioskWithScanner({ proxyUrl: LANE.proxyUrl, laneId: 'etcp-exit-1', laneKey: 'demo-lane-key-etcp-exit-1' });
    if (element.controller.connection.streamStatus !== 'open') await nextEvent<LaneStreamStatusEvent>(element, 'lane-stream', (event) => event.detail.status === 'open');
    const identifying = reached(element, 'identifying');
    const quoted = nextEvent<LaneQuoteEvent>(element, 'lane-quote');
    await post('/sims/etcp/_admin/exit', { plate: '渝DE3787' });
    expect((await identifying).detail.state).to.deep.equal({ name: 'identifying', plate: '渝DE3787' });
    // The stay ended at the exit camera: the lane asks ETCP and gets the fee the push announced.
    const { quote } = (await quoted).detail;
    const pushes = (await (await fetch('/sims/etcp/_admin/pushes')).json()) as Array<{ kind: string; body: { plateNumber: string; receivableFee: number } }>;
    const receivable = pushes.findLast((push) => push.kind === 'exit' && push.body.plateNumber === '渝DE3787')!.body.receivableFee;
    expect(receivable).to.be.greaterThan(0);
    expect(quote.dueFen).to.equal(Math.round(receivable * 100));
  });

  it('speaks the fee and the farewell in zh-CN unless muted, and switches language at runtime', async () => {
    const spoken: Array<{ text: string; lang: string }> = [];
    const synth = window.speechSynthesis;
    const { element, scanner } = await kioskWithScanner();
    // The real speechSynthesis speaks; the wrapper only notes what it was asked to say.
    element.voice = new LaneVoice({
      speak: (utterance: SpeechSynthesisUtterance) => (spoken.push({ text: utterance.text, lang: utterance.lang }), synth.speak(utterance)),
      cancel: () => synth.cancel(),
      getVoices: () => synth.getVoices(),
    } as unknown as SpeechSynthesis);
    const announced = nextEvent<LaneAnnounceEvent>(element, 'lane-announce');
    await scanner.scan('京N8P8F8');
    expect((await announced).detail).to.deep.equal({ text: '无需缴费', spoken: true });
    const farewell = nextEvent<LaneAnnounceEvent>(element, 'lane-announce');
    await element.updateComplete;
    [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('确认离场'))!.click();
    expect((await farewell).detail.text).to.equal('一路顺风');
    expect(spoken).to.deep.equal([
      { text: '无需缴费', lang: 'zh-CN' },
      { text: '一路顺风', lang: 'zh-CN' },
    ]);

    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="voice-switch"]')!.click();
    await element.updateComplete;
    expect(element.muted).to.equal(true);
    expect(element.shadowRoot!.querySelector('[part="voice-switch"]')!.getAttribute('aria-pressed')).to.equal('false');
    spoken.length = 0;

    await reached(element, 'idle');
    const locale = nextEvent(element, 'lane-locale');
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="locale-switch"]')!.click();
    await locale;
    await element.updateComplete;
    expect(element.getAttribute('locale')).to.equal('en');
    expect(screenText(element)).to.contain('Enter your plate number');
    const silent = nextEvent<LaneAnnounceEvent>(element, 'lane-announce');
    await scanner.scan('沪A12345');
    expect((await silent).detail).to.deep.equal({ text: 'Please pay 15 yuan', spoken: false });
    expect(spoken).to.deep.equal([]);
  });

  it('shows the lane QR the operator registered with the platform on the idle screen, decodable by an independent reader', async () => {
    const registered = await fetch('/v1/lots/welink-demo/lanes/exit-1/qr', {
      method: 'PUT',
      headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ qrUrl: 'https://lot.example.com/lane/exit-1' }),
    });
    expect(registered.status).to.equal(200);
    const element = document.createElement('lane-exit-kiosk');
    // lane-qr-rendered does not bubble; a capturing listener on the kiosk's shadow root still hears it.
    const nextQr = () => new Promise((resolve) => element.shadowRoot!.addEventListener('lane-qr-rendered', resolve, { capture: true, once: true }));
    Object.assign(element, { proxyUrl: LANE.proxyUrl, lane: LANE.laneId, laneKey: LANE.laneKey });
    await mount(element);
    await nextQr();
    const decoded = () => {
      const canvas = element.shadowRoot!.querySelector('[part="lane-qr"] lane-pay-qr')!.shadowRoot!.querySelector('canvas')!;
      const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return jsQR(image.data, image.width, image.height)?.data;
    };
    expect(decoded(), 'from the lane config').to.equal('https://lot.example.com/lane/exit-1');
    expect(element.shadowRoot!.querySelector('[part="lane-qr"]')!.textContent).to.contain('无牌车请扫码出场');
    const qr = element.shadowRoot!.querySelector('[part="lane-qr"] lane-pay-qr')!;
    expect(qr.shadowRoot!.querySelector('[part="amount"]'), 'a lane QR carries no amount').to.equal(null);

    const redrawn = nextQr();
    element.laneQr = 'https://lot.example.com/lane/exit-1-b';
    await redrawn;
    expect(decoded(), 'the lane-qr attribute overrides the config').to.equal('https://lot.example.com/lane/exit-1-b');
  });

  it('passes axe on the idle, fee and pay screens, and every button is at least 48 px', async () => {
    const { element, scanner } = await kioskWithScanner();
    await expectNoA11yViolations(element);
    const quoted = reached(element, 'quoted');
    await scanner.scan('沪A12345');
    await quoted;
    await element.updateComplete;
    await expectNoA11yViolations(element);
    for (const b of element.shadowRoot!.querySelectorAll('button')) expect(b.getBoundingClientRect().height, b.textContent!).to.be.at.least(48);
    [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('扫码支付'))!.click();
    await element.updateComplete;
    await expectNoA11yViolations(element);
  });
});
