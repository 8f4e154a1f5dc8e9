/**
 * Structured JSON log lines through pino: levels, a child logger per request carrying its
 * requestId, and every configured secret redacted from each line before anything is written.
 */
import type { ServerResponse } from 'node:http';
import { pino, type Logger as PinoLogger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Message first, then fields: the order the proxy's call sites read in. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose every line also carries `bindings` (a request's id, say). */
  child(bindings: LogFields): Logger;
}

/** payTokens authorise a payment: keep a short prefix for tracing, never the whole token. */
const PAY_TOKEN_PATTERN = /("payToken"\s*:\s*")([^"]{0,6})[^"]*(")/g;

/**
 * Replaces every secret (longest first, so one inside another goes whole) and all but a payToken's
 * prefix. A log line is JSON, where a secret holding a quote, a backslash or a control character
 * stands escaped: that spelling goes too.
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const spellings = secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
  const sorted = [...new Set(spellings)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(PAY_TOKEN_PATTERN, '$1$2…[redacted]$3');
    for (const secret of sorted) out = out.replaceAll(secret, '[redacted]');
    return out;
  };
}

/**
 * Standard output through sonic-boom, asynchronous: under load, lines written while a write is in
 * flight go out together in the next, and pino flushes what is pending when the process exits.
 */
let stdout: ReturnType<typeof pino.destination> | null = null;
function writeStdout(line: string): void {
  stdout ??= pino.destination({ dest: 1, sync: false });
  stdout.write(`${line}\n`);
}

/** An error as a log field: what staff need to search by, not its stack. */
function errorFields(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  return { name: err.name, message: err.message, ...('code' in err ? { code: (err as { code: unknown }).code } : {}) };
}

/** `write` takes each line, redacted and without its newline. */
export function createLogger(secrets: readonly string[], write: (line: string) => void = writeStdout, level: LogLevel = 'info'): Logger {
  const redact = redactor(secrets);
  const root = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorFields },
    },
    { write: (chunk: string) => write(redact(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk)) },
  );
  return wrap(root);
}

function wrap(logger: PinoLogger): Logger {
  return {
    debug: (msg, fields) => logger.debug(fields ?? {}, msg),
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (msg, fields) => logger.error(fields ?? {}, msg),
    child: (bindings) => wrap(logger.child(bindings)),
  };
}

const annotations = new WeakMap<ServerResponse, LogFields>();

/**
 * Adds fields to the one line a request is logged with when it ends, so what a route did (the quote
 * it issued, say) is found by the request id without a second line per request.
 */
export function annotateRequest(res: ServerResponse, fields: LogFields): void {
  annotations.set(res, { ...annotations.get(res), ...fields });
}

/** The fields routes added to this request's line, if any. */
export function requestAnnotations(res: ServerResponse): LogFields | undefined {
  return annotations.get(res);
}
