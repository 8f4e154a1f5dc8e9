/**
 * The proxy's route table: find-my-way's radix tree with named parameters, instead of scanning a
 * list of regular expressions in order. A path that matches a route under another method is a 405
 * whose Allow header names the methods it takes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import type { Logger } from './log.js';

/** The methods the proxy's API answers. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'OPTIONS';
export type RouteParams = Readonly<Record<string, string>>;
/** `log` is the request's own logger: its lines carry the request id. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: RouteParams, log: Logger) => Promise<void> | void;

/** The parameter names in a route path: `'/v1/lots/:lotId/lanes/:laneId(^x$)'` → `'lotId' | 'laneId'`. */
type ParamNames<Path extends string> = Path extends `${string}:${infer Param}/${infer Rest}`
  ? NameOf<Param> | ParamNames<Rest>
  : Path extends `${string}:${infer Param}`
    ? NameOf<Param>
    : never;
type NameOf<Param extends string> = Param extends `${infer Name}(${string}` ? Name : Param;

export interface Route {
  method: HttpMethod;
  /** find-my-way syntax: `/v1/lanes/:laneId/quotes`, with `:name(^regex$)` where a parameter has a shape. */
  path: string;
  handler: RouteHandler;
}

/** A route whose handler sees its path's parameters by name. */
export function route<Path extends string>(
  method: HttpMethod,
  path: Path,
  handler: (req: IncomingMessage, res: ServerResponse, params: Readonly<Record<ParamNames<Path>, string>>, log: Logger) => Promise<void> | void,
): Route {
  return { method, path, handler: handler as RouteHandler };
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: RouteParams; label: string }
  | { kind: 'wrong-method'; allowed: HttpMethod[] }
  | { kind: 'none' };

/**
 * Metrics label of a route: its path with every parameter as `:param`, the label dashboards have
 * counted requests under since routes were regular expressions.
 */
export function routeLabel(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? ':param' : segment))
    .join('/');
}

export class Router {
  private readonly tree = FindMyWay({ maxParamLength: Number.MAX_SAFE_INTEGER });
  private readonly methods: HttpMethod[];

  constructor(routes: readonly Route[]) {
    for (const route of routes) this.tree.on(route.method, route.path, () => undefined, { handler: route.handler, label: routeLabel(route.path) });
    this.methods = [...new Set(routes.map((route) => route.method))];
  }

  match(method: string, pathname: string): RouteMatch {
    const found = this.methods.includes(method as HttpMethod) ? this.find(method as HttpMethod, pathname) : null;
    if (found) return { kind: 'found', ...found };
    const allowed = this.methods.filter((other) => this.find(other, pathname) !== null);
    return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
  }

  private find(method: HttpMethod, pathname: string): { handler: RouteHandler; params: RouteParams; label: string } | null {
    // Parameters are the path's own characters, as the lanes' and lots' ids are configured: escaping
    // `%` keeps find-my-way's decoding from turning `%2F` into a slash or refusing a stray `%`.
    const found = this.tree.find(method, pathname.includes('%') ? pathname.replaceAll('%', '%25') : pathname);
    if (!found) return null;
    const params = found.params as Record<string, string>;
    // A parameter is at least one character: `/v1/lanes//config` names no lane.
    if (Object.values(params).some((value) => value === '')) return null;
    const { handler, label } = found.store as { handler: RouteHandler; label: string };
    return { handler, params, label };
  }
}
