import { expect } from '@esm-bundle/chai';
import jsQR from 'jsqr';
import '../../src/components/lane-pay-qr/lane-pay-qr.js';
import type { LanePayQr } from '../../src/components/lane-pay-qr/lane-pay-qr.js';
import { mount, nextEvent, unmountAll } from './support.js';

function decodeCanvas(canvas: HTMLCanvasElement): string | null {
  const context = canvas.getContext('2d')!;
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null;
}

describe('<lane-pay-qr>', () => {
  afterEach(unmountAll);

  it('draws a QR that an independent decoder reads back, with the amount in yuan', async () => {
    const qr = document.createElement('lane-pay-qr') as LanePayQr;
    qr.value = 'https://pay.example.com/p?quote=Q_abc-123&lot=沪';
    qr.amountFen = 1234;
    const drawn = nextEvent(qr, 'lane-qr-rendered');
    await mount(qr);
    await drawn;
    expect(decodeCanvas(qr.shadowRoot!.querySelector('canvas')!)).to.equal(qr.value);
    expect(qr.shadowRoot!.querySelector('[part="amount"]')!.textContent).to.equal('¥12.34');
  });

  it('counts down and announces expiry', async () => {
    const qr = document.createElement('lane-pay-qr') as LanePayQr;
    qr.value = 'https://pay.example.com/x';
    qr.expiresAt = new Date(Date.now() + 1500).toISOString();
    const expired = nextEvent(document, 'lane-qr-expired');
    await mount(qr);
    expect(qr.shadowRoot!.querySelector('[part="countdown"]')!.textContent).to.match(/0:0[12]/);
    const event = (await expired) as CustomEvent<{ value: string }>;
    expect(event.detail.value).to.equal('https://pay.example.com/x');
    expect(event.composed).to.equal(true);
  });

  it('shows the paid state in English when asked', async () => {
    const qr = document.createElement('lane-pay-qr') as LanePayQr;
    qr.value = 'https://pay.example.com/y';
    qr.paid = true;
    qr.locale = 'en';
    await mount(qr);
    expect(qr.hasAttribute('paid')).to.equal(true);
    expect(qr.shadowRoot!.querySelector('[part="paid-mark"]')!.textContent).to.equal('Payment received');
    expect(qr.shadowRoot!.querySelector('[part="countdown"]')).to.equal(null);
  });
});
