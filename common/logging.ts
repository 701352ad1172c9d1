/**
 * Structured JSON logs for every process (worker, API, CLI, sandbox, scripts), written by pino: one line per event,
 * `{time, level, msg, ...fields}`. Children carry context (service, correlationId, jobId, tenantId, step, attempt)
 * into every line. Never pass secrets as fields; as a second line of defence, fields named like credentials are
 * redacted (see {@link REDACTED_FIELDS}).
 */
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** Field names whose values are never written, at the top level or one object down (`headers.authorization`). */
export const REDACTED_FIELDS = [
  'authorization',
  'apiKey',
  'accessToken',
  'deployKey',
  'password',
  'secret',
  'token',
  'signingSecret',
] as const;

export interface JsonLoggerOptions {
  level?: LogLevel;
  base?: LogFields;
  /** Receives each line without its newline (tests collect them); default: stdout. */
  write?: (line: string) => void;
}

/** The time of the lines being written by {@link logAt}; undefined: now. */
let eventTimeMs: number | undefined;

/** `"time"` of a line: when its event happened if it was relayed ({@link logAt}), else now. */
function lineTime(): string {
  return `,"time":"${new Date(eventTimeMs ?? Date.now()).toISOString()}"`;
}

/**
 * Writes the lines that `write` logs (synchronously) with `timeMs` as their `time`: for events relayed through a
 * buffer, so that they sort by when they happened rather than when the buffer let them go. The Temporal Runtime holds
 * SDK and workflow lines for 100 to 200 ms (worker/runtime.ts), long after the activities they led to have logged.
 */
export function logAt(timeMs: number, write: () => void): void {
  eventTimeMs = timeMs;
  try {
    write();
  } finally {
    eventTimeMs = undefined;
  }
}

export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const { write } = options;
  const destination = write
    ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : pino.destination({ dest: 1, sync: true });
  const root = pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? {},
      timestamp: lineTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: (value: unknown) => value },
      redact: {
        paths: REDACTED_FIELDS.flatMap((name) => [name, `*.${name}`]),
        censor: '[redacted]',
      },
    },
    destination,
  );
  return wrap(root);
}

function wrap(target: pino.Logger): Logger {
  const emit =
    (level: LogLevel) =>
    (msg: string, fields?: LogFields): void => {
      if (!target.isLevelEnabled(level)) return;
      if (fields) target[level](plainErrors(fields), msg);
      else target[level](msg);
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => wrap(target.child(plainErrors(fields))),
  };
}

/** Errors among the fields become `{name, message}`: no stack traces or provider bodies in the logs. */
function plainErrors(fields: LogFields): LogFields {
  let copy: LogFields | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) {
      copy ??= { ...fields };
      copy[key] = { name: value.name, message: value.message };
    }
  }
  return copy ?? fields;
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
