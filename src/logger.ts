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
}

export function createLogger(level: LevelWithSilent, options: LoggerOptions = {}): Logger {
  const settings = {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    ...(options.pretty && {
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss' } },
    }),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
