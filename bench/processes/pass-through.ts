/**
 * The throughput yardstick: a bare Node HTTP proxy that forwards each request unchanged to the
 * upstream (UPSTREAM_URL) over keep-alive connections, and streams the answer back.
 */
import { Agent, createServer, request } from 'node:http';

const upstream = new URL(process.env.UPSTREAM_URL!);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const server = createServer((req, res) => {
  const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', () => (res.writeHead(502), res.end()));
  req.pipe(forward);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}\n`));
process.once('SIGTERM', () => server.close());
