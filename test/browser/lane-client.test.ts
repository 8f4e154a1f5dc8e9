import { expect } from '@esm-bundle/chai';
import { LaneClient } from '../../src/client/lane-client.js';
import { ProxyRequestError, ProxyTimeoutError, ProxyUnreachableError } from '../../src/client/errors.js';
import { SseParser, subscribeSse, type SseMessage, type StreamStatus } from '../../src/client/sse.js';
import type { LaneStreamEvent as LaneEvent } from '../../src/core/quote.js';
import { LANE, payQuote } from './support.js';

describe('LaneClient', () => {
  const client = new LaneClient(LANE);

  it('reads the lane config', async () => {
    const config = await client.config();
    expect(config.laneId).to.equal('exit-1');
    expect(config.lot.name).to.equal('泊云示范停车场');
  });

  it('gets a quote with amounts in fen', async () => {
    const quote = await client.quote('沪A12345');
    expect(quote.status).to.equal('due');
    expect(quote.dueFen).to.equal(1500);
    expect(quote.payUrl).to.contain(quote.quoteId);
  });

  it('turns a proxy refusal into a ProxyRequestError with the code', async () => {
    const error = await client.quote('沪AI2345').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ProxyRequestError);
    expect((error as ProxyRequestError).status).to.equal(400);
    expect((error as ProxyRequestError).code).to.equal('invalid-plate');
    const forbidden = await new LaneClient({ ...LANE, laneKey: 'wrong-key' }).config().catch((e: unknown) => e);
    expect((forbidden as ProxyRequestError).status).to.equal(403);
  });

  it('reports an unreachable proxy and a hung one distinctly', async () => {
    const dead = await new LaneClient({ ...LANE, proxyUrl: 'http://127.0.0.1:9' }).config().catch((e: unknown) => e);
    expect(dead).to.be.instanceOf(ProxyUnreachableError);
    const hung = await new LaneClient({ ...LANE, proxyUrl: `${location.origin}/__hang`, timeoutMs: 300 }).config().catch((e: unknown) => e);
    expect(hung).to.be.instanceOf(ProxyTimeoutError);
  });

  it('receives quote.paid over the event stream', async () => {
    const quote = await client.quote('沪C55555');
    const received = new Promise<LaneEvent>((resolve) => {
      const subscription = client.subscribe(
        (event) => {
          if (event.type !== 'quote.paid' || event.quoteId !== quote.quoteId) return;
          subscription.close();
          resolve(event);
        },
        (status) => {
          if (status === 'open') void payQuote(quote.quoteId, quote.dueFen);
        },
      );
    });
    const event = await received;
    expect(event).to.include({ type: 'quote.paid', quoteId: quote.quoteId, paidFen: quote.dueFen, plate: '沪C55555' });
  });
});

describe('SseParser', () => {
  it('parses frames split anywhere, with ids, events, comments, CRLF and multi-line data', () => {
    const parser = new SseParser();
    const stream = 'retry: 2000\r\n\r\n: keepalive\n\nid: 7\nevent: quote.paid\ndata: {"a":\ndata: 1}\n\nid: 8\ndata: plain\n\n';
    const messages = [];
    for (let i = 0; i < stream.length; i += 3) messages.push(...parser.push(stream.slice(i, i + 3)));
    expect(parser.retryMs).to.equal(2000);
    expect(messages).to.deep.equal([
      { id: '7', event: 'quote.paid', data: '{"a":\n1}' },
      { id: '8', event: 'message', data: 'plain' },
    ]);
  });
});

describe('subscribeSse', () => {
  it('reconnects after the stream drops and resumes from the last event id', async () => {
    const messages: SseMessage[] = [];
    const statuses: StreamStatus[] = [];
    await new Promise<void>((resolve) => {
      const subscription = subscribeSse({
        url: '/__flaky-events',
        headers: {},
        onStatus: (status) => statuses.push(status),
        onMessage: (message) => {
          messages.push(message);
          if (messages.length === 2) {
            subscription.close();
            resolve();
          }
        },
      });
    });
    expect(messages.map((m) => [m.id, m.data])).to.deep.equal([
      ['1', 'first'],
      ['2', 'resumed after 1'],
    ]);
    expect(statuses.slice(0, 4)).to.deep.equal(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('takes a connection that stays silent past silenceMs for dead and connects again', async () => {
    const statuses: StreamStatus[] = [];
    // /__hang/ never answers: a half-open link looks just like it from the browser.
    await new Promise<void>((resolve) => {
      const subscription = subscribeSse({
        url: '/__hang/events',
        headers: {},
        silenceMs: 100,
        onMessage: () => {},
        onStatus: (status) => {
          statuses.push(status);
          if (status === 'reconnecting') {
            subscription.close();
            resolve();
          }
        },
      });
    });
    expect(statuses).to.deep.equal(['connecting', 'reconnecting']);
  });
});
