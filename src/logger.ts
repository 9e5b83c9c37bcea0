import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Paths whose values never reach a log line, whatever a caller passes by mistake. Chosen
 * fields are logged on purpose; this is the net under them.
 */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  'passwordHash',
  'accessToken',
  'token',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.token',
  'variables',
];

export interface LoggerOptions {
  /** Human-readable lines, for a developer's terminal. */
  pretty?: boolean;
  /** Where JSON lines go instead of stdout (tests read them). */
  destination?: DestinationStream;
  /**
   * Called for every authentication event: a line with `event` and `outcome` fields. Each such
   * event is logged once, so the log line is also where it is counted in the metrics.
   */
  onAuthEvent?: (event: string, outcome: string) => void;
}

export function createLogger(level: LevelWithSilent, options: LoggerOptions = {}): Logger {
  const { onAuthEvent } = options;
  const settings = {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    ...(onAuthEvent && {
      hooks: {
        logMethod(this: Logger, args: Parameters<Logger['info']>, method: Logger['info']) {
          const [fields] = args as unknown[];
          if (isAuthEvent(fields)) onAuthEvent(fields.event, fields.outcome);
          method.apply(this, args);
        },
      },
    }),
    ...(options.pretty && {
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss' } },
    }),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

function isAuthEvent(fields: unknown): fields is { event: string; outcome: string } {
  if (!fields || typeof fields !== 'object') return false;
  const { event, outcome } = fields as Record<string, unknown>;
  return typeof event === 'string' && typeof outcome === 'string';
}
