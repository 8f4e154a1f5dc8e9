/**
 * The floor under the fee-quote route: the work any server answering it must do, and nothing else.
 * It reads the JSON body, asks Welink for the bill through the proxy's own client (signature,
 * 3DES and gzip content, undici pool) and answers the bill as JSON. It has none of what the proxy
 * adds for production: no key check or rate limit, no log line or metrics, no quote id, pay URL or
 * held quote. Measured beside the proxy, it says how far the goal is from what the platform's
 * protocol alone costs.
 */
import { createServer } from 'node:http';
import { WelinkFeeSource } from '../../src/proxy/providers/welink/fee-source.js';
import { simWelinkClient } from '../../test/helpers/welink-sim-server.js';

const client = simWelinkClient(process.env.UPSTREAM_URL!, { encrypt: true, gzip: true, timeoutMs: 5000 });
const fees = new WelinkFeeSource(client);
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { plate } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { plate: string };
    fees.quote(plate, { laneId: 'exit-1' }).then(
      (bill) => {
        const text = JSON.stringify(bill);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
      () => (res.writeHead(502), res.end()),
    );
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}\n`));
process.once('SIGTERM', () => server.close());
