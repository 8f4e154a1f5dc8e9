/**
 * Caps on open connections, in total and per client address. Node's own `maxConnections` drops a
 * connection over the cap without a word; here it is accepted, its first request is answered with
 * a refusal that says why and when to come back, and then it is closed.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, UnavailableError } from './errors.js';

export interface ConnectionLimits {
  maxConnections: number;
  /** Null when every connection comes from a reverse proxy (trustProxy): the proxy's address says nothing. */
  maxConnectionsPerAddress: number | null;
}

/** Seconds a refused caller is asked to wait: connections free up as requests end. */
const RETRY_AFTER_SECONDS = 2;

export class ConnectionGate {
  private open = 0;
  private readonly perAddress = new Map<string, number>();
  private readonly refused = new WeakMap<Socket, ApiError | UnavailableError>();

  constructor(private readonly limits: ConnectionLimits) {}

  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
  }

  /** Whether the request's connection was over a cap when it opened; the error to answer it with. */
  refusalFor(req: IncomingMessage): { error: ApiError | UnavailableError; retryAfterSeconds: number } | null {
    const error = this.refused.get(req.socket);
    return error ? { error, retryAfterSeconds: RETRY_AFTER_SECONDS } : null;
  }

  private admit(socket: Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = (this.perAddress.get(address) ?? 0) + 1;
    this.open += 1;
    this.perAddress.set(address, fromAddress);
    socket.once('close', () => {
      this.open -= 1;
      const left = this.perAddress.get(address)! - 1;
      if (left === 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    });
    const { maxConnections, maxConnectionsPerAddress } = this.limits;
    if (this.open > maxConnections) {
      this.refused.set(socket, new UnavailableError('too-many-connections', `the proxy has ${maxConnections} connections open, its limit; retry in ${RETRY_AFTER_SECONDS} s`, RETRY_AFTER_SECONDS));
    } else if (maxConnectionsPerAddress !== null && fromAddress > maxConnectionsPerAddress) {
      this.refused.set(
        socket,
        new ApiError(429, 'too-many-connections-from-address', `${address} has ${maxConnectionsPerAddress} connections open, the limit per address; reuse them (keep-alive) or retry in ${RETRY_AFTER_SECONDS} s`),
      );
    }
  }
}
