/** Structured JSON log lines with every configured secret redacted before anything is written. */
import type { ServerResponse } from 'node:http';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** payTokens authorise a payment: keep a short prefix for tracing, never the whole token. */
const PAY_TOKEN_PATTERN = /("payToken"\s*:\s*")([^"]{0,6})[^"]*(")/g;

/**
 * Lines written in one turn of the event loop go out in one write: under load a write per line
 * costs more than the request it describes. Whatever is pending is flushed when the process exits.
 */
let pending: string[] = [];
let flushOnExit = false;

function flushStdout(): void {
  if (pending.length === 0) return;
  const text = `${pending.join('\n')}\n`;
  pending = [];
  process.stdout.write(text);
}

function writeStdout(line: string): void {
  if (!flushOnExit) {
    flushOnExit = true;
    process.once('exit', flushStdout);
  }
  if (pending.push(line) === 1) setImmediate(flushStdout);
}

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

export function createLogger(secrets: readonly string[], write: (line: string) => void = writeStdout): Logger {
  const redact = redactor(secrets);
  const log = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    const record: LogFields = { time: new Date().toISOString(), level, msg, ...fields };
    if (fields.err instanceof Error) {
      const err = fields.err;
      record.err = { name: err.name, message: err.message, ...('code' in err ? { code: (err as { code: unknown }).code } : {}) };
    }
    write(redact(JSON.stringify(record)));
  };
  return {
    log,
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
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
