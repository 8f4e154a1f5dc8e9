import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-fee-widget/lane-fee-widget.js';
import type { LaneFeeErrorEvent, LaneFeeWidget } from '../../src/components/lane-fee-widget/lane-fee-widget.js';
import type { LaneQuoteEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import { expectNoA11yViolations } from './a11y.js';
import { mount, nextEvent, unmountAll } from './support.js';

function widget(partnerKey = 'demo-partner-key-mall'): LaneFeeWidget {
  const element = document.createElement('lane-fee-widget');
  element.proxyUrl = location.origin;
  element.lot = 'welink-demo';
  element.partnerKey = partnerKey;
  return element;
}

function submit(element: LaneFeeWidget, plate: string): void {
  element.shadowRoot!.querySelector<HTMLInputElement>('input[name="plate"]')!.value = plate;
  element.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

describe('<lane-fee-widget>', () => {
  afterEach(unmountAll);

  it('looks up a fee and offers the pay QR and link', async () => {
    const element = await mount(widget());
    const found = nextEvent<LaneQuoteEvent>(document, 'lane-quote');
    submit(element, '沪C77777');
    const { detail } = await found;
    expect(detail.quote.plate).to.equal('沪C77777');
    await element.updateComplete;
    const link = element.shadowRoot!.querySelector<HTMLAnchorElement>('[part="pay-link"]')!;
    expect(link.href).to.equal(detail.quote.payUrl);
    expect(link.textContent).to.contain(`¥${(detail.quote.dueFen / 100).toFixed(2)}`);
    expect(element.shadowRoot!.querySelector('lane-pay-qr')!.value).to.equal(detail.quote.payUrl);
  });

  it('a car with no entry record is told to check the plate; one with nothing to pay still sees its stay', async () => {
    const element = await mount(widget());
    const result = () => element.shadowRoot!.querySelector('[part="result"]')!.textContent!.replace(/\s+/g, ' ').trim();
    let found = nextEvent<LaneQuoteEvent>(document, 'lane-quote');
    submit(element, '沪B99999');
    await found;
    await element.updateComplete;
    expect(result()).to.equal('沪B99999: 未找到入场记录 · 请核对车牌后重新查询');
    const plate = `沪G${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
    await fetch('/sims/welink/_admin/park', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ plate, minutesAgo: 10 }) });
    found = nextEvent<LaneQuoteEvent>(document, 'lane-quote');
    submit(element, plate);
    expect((await found).detail.quote.status).to.equal('nothing-to-pay');
    await element.updateComplete;
    expect(result()).to.equal(`${plate} · 停车时长 10分钟无需缴费`, "two paragraphs: the stay, then 无需缴费");
  });

  it('says what went wrong: bad plate locally, bad key from the proxy', async () => {
    const element = await mount(widget());
    const invalid = nextEvent<LaneFeeErrorEvent>(document, 'lane-error');
    submit(element, '沪AI2345');
    expect((await invalid).detail.code).to.equal('forbidden-letter');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('车牌号格式不正确');

    const stranger = await mount(widget('not-a-partner-key'));
    const refused = nextEvent<LaneFeeErrorEvent>(stranger, 'lane-error');
    submit(stranger, '沪C77777');
    expect((await refused).detail).to.include({ code: 'partner-key-unknown', kind: 'partner-key' });
    await stranger.updateComplete;
    const words = stranger.shadowRoot!.querySelector('[part="error"]')!;
    expect(words.textContent).to.contain('缴费密钥无效');
    expect(words.getAttribute('data-code')).to.equal('partner-key-unknown');
    await expectNoA11yViolations(stranger);
  });

  it('keeps its styles to itself and ignores the page’s', async () => {
    const style = document.createElement('style');
    style.textContent = 'input, button { display: none !important; } h2 { color: rgb(255, 0, 0); }';
    document.head.append(style);
    const heading = document.createElement('h2');
    document.body.append(heading);
    try {
      const element = await mount(widget());
      const input = element.shadowRoot!.querySelector('input')!;
      expect(getComputedStyle(input).display).to.not.equal('none');
      expect(getComputedStyle(element.shadowRoot!.querySelector('h2')!).color).to.not.equal('rgb(255, 0, 0)');
      expect(getComputedStyle(heading).color).to.equal('rgb(255, 0, 0)');
    } finally {
      style.remove();
      heading.remove();
    }
  });
});
