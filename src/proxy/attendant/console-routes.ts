/** The console API's routes, in the router's `:name` path syntax. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleApi, Params } from './console-api.js';

export interface ConsoleRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse, params: Params) => Promise<void>;
}

export function consoleRoutes(api: ConsoleApi): ConsoleRoute[] {
  return [
    { method: 'POST', path: '/console/api/sign-in', handler: api.signIn },
    { method: 'POST', path: '/console/api/sign-out', handler: api.signOut },
    { method: 'GET', path: '/console/api/me', handler: api.me },
    { method: 'GET', path: '/console/api/events', handler: api.events },
    { method: 'POST', path: '/console/api/calls/:callId/answer', handler: api.answer },
    { method: 'POST', path: '/console/api/calls/:callId/end', handler: api.end },
    { method: 'POST', path: '/console/api/calls/:callId/signal', handler: api.signal },
    { method: 'POST', path: '/console/api/lanes/:lotId/:laneId/actions', handler: api.action },
    { method: 'GET', path: '/console/api/audit', handler: api.auditTrail },
  ];
}
