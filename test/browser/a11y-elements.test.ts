/** axe-core on the elements the kiosk tests do not already cover, each in a state a person sees. */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-dead-letters/lane-dead-letters.js';
import '../../src/components/lane-fee-widget/lane-fee-widget.js';
import '../../src/components/lane-pay-qr/lane-pay-qr.js';
import '../../src/components/lane-receipt-preview/lane-receipt-preview.js';
import '../../src/components/lane-staff-exit/lane-staff-exit.js';
import { expectNoA11yViolations } from './a11y.js';
import { mount, nextEvent, unmountAll } from './support.js';

describe('accessibility of the other elements (axe-core)', () => {
  afterEach(unmountAll);

  it('<lane-pay-qr> with an amount and a countdown, and paid', async () => {
    const qr = document.createElement('lane-pay-qr');
    Object.assign(qr, { value: 'https://pay.example.com/Q1', amountFen: 1500, expiresAt: new Date(Date.now() + 120_000).toISOString() });
    const drawn = nextEvent(qr, 'lane-qr-rendered');
    await mount(qr);
    await drawn;
    await expectNoA11yViolations(qr);
    qr.paid = true;
    await qr.updateComplete;
    await expectNoA11yViolations(qr);
  });

  it('<lane-fee-widget> in English and Chinese', async () => {
    const widget = document.createElement('lane-fee-widget');
    widget.setAttribute('proxy-url', location.origin);
    widget.setAttribute('lot', 'welink-demo');
    widget.setAttribute('partner-key', 'demo-partner-key-mall');
    await mount(widget);
    await expectNoA11yViolations(widget);
    widget.locale = 'en';
    await widget.updateComplete;
    await expectNoA11yViolations(widget);
  });

  it('<lane-staff-exit> at its PIN pad and <lane-dead-letters> locked', async () => {
    const staff = document.createElement('lane-staff-exit');
    staff.plate = '沪A12345';
    await mount(staff);
    await expectNoA11yViolations(staff);
    const letters = document.createElement('lane-dead-letters');
    await mount(letters);
    await expectNoA11yViolations(letters);
  });

  it('<lane-receipt-preview> with text and a QR', async () => {
    const preview = document.createElement('lane-receipt-preview');
    preview.blocks = [
      { kind: 'text', text: '泊云示范停车场', style: { align: 'center', bold: true, width: 1, height: 2 } },
      { kind: 'qr', data: 'LKC1:1:2', align: 'center', moduleSize: 6, level: 'M' },
      { kind: 'cut', partial: false },
    ];
    await mount(preview);
    await expectNoA11yViolations(preview);
    expect(preview.shadowRoot!.textContent).to.contain('泊云示范停车场');
  });
});
