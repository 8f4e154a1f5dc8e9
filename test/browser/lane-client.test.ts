import { expect } from '@esm-bundle/chai';
import { LaneClient } from '../../src/client/lane-client.js';
import { cachedLaneConfig, cacheLaneConfig, onLaneConfigCached } from '../../src/client/config-cache.js';
import { ProxyAuthError, ProxyRequestError, ProxyTimeoutError, ProxyUnreachableError } from '../../src/client/errors.js';
import { subscribeSse, type SseMessage, type SseSubscriptionOptions, type StreamStatus } from '../../src/client/sse.js';
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
    expect(forbidden).to.be.instanceOf(ProxyAuthError);
    expect((forbidden as ProxyRequestError).status).to.equal(403);
  });

  it('lets a request the caller cancelled fail as the abort it is, not as a proxy failure', async () => {
    const cancelled = new AbortController();
    const quote = client.quote('沪A12345', cancelled.signal).catch((e: unknown) => e);
    cancelled.abort();
    const error = (await quote) as Error;
    expect(error.name).to.equal('AbortError');
  });

  it('reports an unreachable proxy and a hung one distinctly', async () => {
    const dead = await new LaneClient({ ...LANE, proxyUrl: 'http://127.0.0.1:9' }).config().catch((e: unknown) => e);
    expect(dead).to.be.instanceOf(ProxyUnreachableError);
    const hung = await new LaneClient({ ...LANE, proxyUrl: `${location.origin}/__hang`, timeoutMs: 300 }).config().catch((e: unknown) => e);
    expect(hung).to.be.instanceOf(ProxyTimeoutError);
  });

  it('stops the event stream when the proxy refuses the lane key, with the refusal, instead of retrying', async () => {
    const statuses: StreamStatus[] = [];
    let refusal: ProxyAuthError | undefined;
    await new Promise<void>((resolve) => {
      new LaneClient({ ...LANE, laneKey: 'wrong-key' }).subscribe(
        () => {},
        (status) => {
          statuses.push(status);
          if (status === 'closed') resolve();
        },
        (error) => (refusal = error),
      );
    });
    expect(statuses).to.deep.equal(['connecting', 'closed']);
    expect(refusal).to.be.instanceOf(ProxyAuthError);
    expect(refusal!.status).to.equal(403);
    expect(refusal!.code).to.not.match(/^http-/, "the code is the proxy's own, from its error body");
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

describe('the lane config cache', () => {
  it('keeps each fresh config and tells the listeners of that lane, until they stop listening', async () => {
    const config = await new LaneClient(LANE).config();
    const heard: string[] = [];
    const stop = onLaneConfigCached(LANE.laneId, (fresh) => heard.push(fresh.direction));
    const stopOther = onLaneConfigCached('entry-1', (fresh) => heard.push(`entry-1 ${fresh.direction}`));
    cacheLaneConfig(config);
    stop();
    cacheLaneConfig(config);
    stopOther();
    expect(heard).to.deep.equal(['exit']);
    expect(cachedLaneConfig(LANE.laneId)).to.deep.equal(config);
  });
});

/** An event stream answered in exactly these chunks, each handed over only when the reader asks for more. */
function chunkedStream(chunks: string[]): typeof fetch {
  return async () => {
    const encoder = new TextEncoder();
    const pending = [...chunks];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pending.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(encoder.encode(next));
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
}

/** The statuses a stream reports until its first 'reconnecting' (then it is closed). */
function statusesUntilReconnecting(options: Omit<SseSubscriptionOptions, 'headers' | 'onMessage' | 'onStatus'>): Promise<StreamStatus[]> {
  const statuses: StreamStatus[] = [];
  return new Promise((resolve) => {
    const subscription = subscribeSse({
      headers: {},
      ...options,
      onMessage: () => {},
      onStatus: (status) => {
        statuses.push(status);
        if (status !== 'reconnecting') return;
        subscription.close();
        resolve(statuses);
      },
    });
  });
}

/** The messages of one connection of a stream, collected until it ends. */
function messagesOf(chunks: string[]): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  return new Promise((resolve) => {
    const subscription = subscribeSse({
      url: '/unused',
      headers: {},
      fetch: chunkedStream(chunks),
      onMessage: (message) => messages.push(message),
      onStatus: (status) => {
        if (status !== 'reconnecting') return;
        subscription.close();
        resolve(messages);
      },
    });
  });
}

describe('subscribeSse parsing', () => {
  it('keeps a CRLF split across chunks as one line ending: one two-line message', async () => {
    expect(await messagesOf(['data: a\r', '\ndata: b\r\n\r\n'])).to.deep.equal([{ id: null, event: 'message', data: 'a\nb' }]);
  });

  it('parses frames split anywhere, with ids, events, comments, CRLF and multi-line data', async () => {
    const stream = ': keepalive\n\nid: 7\nevent: quote.paid\ndata: {"a":\ndata: 1}\r\n\r\nid: 8\ndata: plain\n\n';
    const chunks = stream.match(/[\s\S]{1,3}/g)!;
    expect(await messagesOf(chunks)).to.deep.equal([
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

  it('says the link dropped at once, before waiting out the backoff the proxy asked for', async () => {
    // The proxy asked for 10 minutes between tries: a lane on a call must not learn of the drop that late.
    const statuses = await statusesUntilReconnecting({ url: '/unused', fetch: chunkedStream(['retry: 600000\n\n', 'data: a\n\n']), maxBackoffMs: 600_000 });
    expect(statuses).to.deep.equal(['connecting', 'open', 'reconnecting']);
  });

  it('takes a connection that stays silent past silenceMs for dead and connects again', async () => {
    // /__hang/ never answers: a half-open link looks just like it from the browser.
    const statuses = await statusesUntilReconnecting({ url: '/__hang/events', silenceMs: 100 });
    expect(statuses).to.deep.equal(['connecting', 'reconnecting']);
  });
});
