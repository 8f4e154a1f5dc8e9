/** Structured JSON log lines with every configured secret redacted before anything is written. */

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

export function createLogger(secrets: readonly string[], write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const sorted = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const redact = (line: string): string => {
    let out = line.replace(PAY_TOKEN_PATTERN, '$1$2…[redacted]$3');
    for (const secret of sorted) out = out.replaceAll(secret, '[redacted]');
    return out;
  };
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
