/** A console's stream leaves in batches: frames gathered for at most FLUSH_MS go out in one write, in order, a shared change serialised once. */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { mock, test } from 'node:test';
import { ConsoleStreamWriter, FLUSH_MS } from '../../src/proxy/attendant/console-stream.js';

function fakeResponse() {
  const writes: string[] = [];
  return { writes, res: { write: (text: string) => writes.push(text) } as unknown as ServerResponse };
}

test('frames queued within FLUSH_MS leave together in one write, in order; flush() sends at once; close() drops the rest', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { writes, res } = fakeResponse();
  const writer = new ConsoleStreamWriter(res);
  writer.send('lane', { laneId: 'exit-1' });
  writer.send('call', { callId: 'c1' });
  t.mock.timers.tick(FLUSH_MS - 1);
  assert.deepEqual(writes, []);
  t.mock.timers.tick(1);
  assert.deepEqual(writes, ['event: lane\ndata: {"laneId":"exit-1"}\n\nevent: call\ndata: {"callId":"c1"}\n\n']);
  writer.send('snapshot', { lanes: [] });
  writer.flush();
  assert.equal(writes.length, 2, 'flushed without waiting');
  writer.send('ping', 1);
  writer.close();
  t.mock.timers.tick(FLUSH_MS);
  assert.equal(writes.length, 2, 'nothing written after close');
});

test('one change pushed to many consoles is serialised once', () => {
  const stringify = mock.method(JSON, 'stringify');
  try {
    const lane = { laneId: 'exit-1', screen: 'quoted' };
    const writers = Array.from({ length: 20 }, () => new ConsoleStreamWriter(fakeResponse().res));
    for (const writer of writers) writer.send('lane', lane);
    for (const writer of writers) writer.close();
    assert.equal(stringify.mock.callCount(), 1);
  } finally {
    stringify.mock.restore();
  }
});
