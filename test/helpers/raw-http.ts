/**
 * HTTP as misbehaving or distinct callers send it: from a chosen loopback address (127.0.0.2 is a
 * different client to the proxy than 127.0.0.1), over a raw socket that says one thing in its
 * headers and sends another, or hangs up mid-body.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One request on its own connection from `localAddress`; the answer's JSON body parsed. Fails after 5 s without a whole answer. */
export function requestFrom(
  baseUrl: string,
  localAddress: string,
  { method = 'GET', path, headers = {}, body }: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method, headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`no whole answer to ${method} ${path} within 5 s`)));
    req.end(body);
  });
}

/** A connected socket from `localAddress` to the proxy, not yet saying anything. */
export function openSocket(baseUrl: string, localAddress = '127.0.0.1'): Promise<Socket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress }, () => resolve(socket));
    socket.once('error', reject);
  });
}

export interface RawResponse {
  /** The status line's code and the JSON body, once the whole response has come. */
  status: number;
  headers: string;
  body: any;
  /** Whether the proxy closed the connection after answering (rather than keeping it alive). */
  closed: Promise<void>;
}

/**
 * Reads one HTTP/1.1 response with a Content-Length from a raw socket. Rejects if the connection
 * ends or fails before the response is whole, or after `timeoutMs`.
 */
export function readResponse(socket: Socket, timeoutMs: number): Promise<RawResponse> {
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no whole response within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error: Error | null, answer?: RawResponse) => {
      clearTimeout(timer);
      socket.off('data', onData).off('end', onEnd).off('error', onError);
      if (error) reject(error);
      else resolve(answer!);
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const headers = buffer.subarray(0, headerEnd).toString('latin1');
      const length = Number(/^content-length:\s*(\d+)/im.exec(headers)?.[1] ?? 0);
      if (buffer.length < headerEnd + 4 + length) return;
      const text = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      finish(null, { status: Number(headers.split(' ')[1]), headers, body: text ? JSON.parse(text) : null, closed });
    };
    const onEnd = () => finish(new Error(`the connection ended before a whole response (${buffer.length} bytes came)`));
    const onError = (error: Error) => finish(error);
    socket.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
