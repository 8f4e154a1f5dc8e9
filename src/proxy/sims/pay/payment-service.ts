/**
 * A stand-in for the operator's payment service, so the demo completes a payment without a phone.
 * The pay QR opens its page; "pay" calls the proxy's POST /v1/payments/{quoteId}/paid with the
 * operator key, exactly as a real payment service would after the driver paid.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, readBodyText, sendHtml } from '../http-util.js';

export interface PublicQuoteLookup {
  (quoteId: string): Promise<{ plate: string; dueFen: number } | undefined>;
}

export class SimulatedPaymentService {
  readonly completed: Array<{ quoteId: string; amountFen: number; status: number }> = [];

  constructor(
    private readonly proxyUrl: string,
    private readonly operatorKey: string,
    private readonly lookup: PublicQuoteLookup,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (req.method === 'GET' && path === '') return this.page(res, url.searchParams.get('quote') ?? '');
    if (req.method === 'POST' && path === '/confirm') {
      const form = new URLSearchParams(await readBodyText(req, 4096));
      return this.confirm(res, form.get('quote') ?? '');
    }
    sendHtml(res, 404, '<p>not found</p>');
  }

  private async page(res: ServerResponse, quoteId: string): Promise<void> {
    const quote = await this.lookup(quoteId);
    if (!quote) return sendHtml(res, 404, layout('账单不存在 Bill not found', '<p>This quote is unknown or expired. Ask the lane for a new QR.</p>'));
    const yuan = (quote.dueFen / 100).toFixed(2);
    sendHtml(
      res,
      200,
      layout(
        '模拟支付 Demo payment',
        `<p class="plate">${escapeHtml(quote.plate)}</p>
         <p class="amount">¥${yuan}</p>
         <form method="post" action="pay/confirm">
           <input type="hidden" name="quote" value="${escapeHtml(quoteId)}">
           <button type="submit">确认支付 Pay ¥${yuan}</button>
         </form>`,
      ),
    );
  }

  private async confirm(res: ServerResponse, quoteId: string): Promise<void> {
    const quote = await this.lookup(quoteId);
    if (!quote) return sendHtml(res, 404, layout('账单不存在 Bill not found', '<p>Unknown or expired quote.</p>'));
    const response = await fetch(`${this.proxyUrl}/v1/payments/${encodeURIComponent(quoteId)}/paid`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.operatorKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amountFen: quote.dueFen, channel: 'demo-pay', paymentRef: `DEMO${Date.now()}` }),
    });
    this.completed.push({ quoteId, amountFen: quote.dueFen, status: response.status });
    const ok = response.ok;
    sendHtml(
      res,
      ok ? 200 : 502,
      layout(ok ? '支付成功 Paid' : '支付失败 Payment failed', ok ? '<p class="done">支付成功，请驶离 Paid — drive on</p>' : `<p>${escapeHtml(await response.text())}</p>`),
    );
  }
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;text-align:center}
.amount{font-size:3rem;font-weight:700;margin:.5rem 0}.plate{font-size:1.5rem;letter-spacing:.1em}
button{font-size:1.4rem;padding:1rem 2rem;border:0;border-radius:.5rem;background:#1677ff;color:#fff;min-height:48px}
.done{font-size:1.5rem;color:#237804}</style></head><body><h1>${title}</h1>${body}</body></html>`;
}
