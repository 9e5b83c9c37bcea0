import path from 'node:path';
import ms, { type StringValue } from 'ms';
import { z } from 'zod';
import { loadDevSecrets } from './devSecrets.js';

const MIN_SECRET_BYTES = 32;

const port = z.coerce.number().int().min(1).max(65_535);
/** 0 lets the system pick a free port (tests use it). */
const listenPort = z.coerce.number().int().min(0).max(65_535);

const duration = z.string().transform((value, ctx) => {
  const milliseconds = ms(value as StringValue) as number | undefined;
  if (milliseconds === undefined || !(milliseconds > 0)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration such as 15m or 1h` });
    return z.NEVER;
  }
  return Math.floor(milliseconds / 1000);
});

/** A rate such as "5/15m": at most 5 within 15 minutes. */
const rate = z.string().transform((value, ctx) => {
  const [count, window] = value.split('/');
  const points = Number(count);
  const milliseconds = window ? (ms(window as StringValue) as number | undefined) : undefined;
  if (!Number.isInteger(points) || points < 1 || !milliseconds || milliseconds < 1000) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a rate such as 5/15m or 60/1m` });
    return z.NEVER;
  }
  return { points, seconds: Math.floor(milliseconds / 1000) };
});

/** Express's "trust proxy": whose X-Forwarded-For to believe for the client address. */
const trustProxy = z.string().transform((value): boolean | number | string[] => {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
});

const origins = z.string().transform((value) =>
  value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
);

const secret = z
  .string()
  .refine((value) => Buffer.byteLength(value) >= MIN_SECRET_BYTES, {
    message: `must be at least ${MIN_SECRET_BYTES} bytes (try: openssl rand -base64 48)`,
  })
  .optional();

const environment = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: listenPort.default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('.data'),
    NEO4J_URI: z.url().optional(),
    NEO4J_USERNAME: z.string().default('neo4j'),
    NEO4J_PASSWORD: z.string().default(''),
    NEO4J_DATABASE: z.string().min(1).optional(),
    NEO4J_DEV_BOLT_PORT: port.default(7687),
    JWT_SECRET: secret,
    PASSWORD_PEPPER: secret,
    JWT_ISSUER: z.string().min(1).default('accounts-api'),
    JWT_AUDIENCE: z.string().min(1).default('accounts-api'),
    ACCESS_TOKEN_TTL: duration.default(15 * 60),
    SESSION_IDLE_TTL: duration.default(7 * 24 * 3600),
    SESSION_MAX_LIFETIME: duration.default(30 * 24 * 3600),
    REFRESH_REUSE_GRACE: duration
      .refine((seconds) => seconds <= 10, { message: 'must be 10 seconds or less' })
      .default(10),
    EMAIL_VERIFICATION_TTL: duration.default(24 * 3600),
    EMAIL_CHANGE_TTL: duration.default(3600),
    PASSWORD_RESET_TTL: duration.default(30 * 60),
    APP_URL: z.url().default('http://127.0.0.1:5173'),
    SMTP_URL: z.url().optional(),
    MAIL_FROM: z.string().min(3).default('Accounts <no-reply@accounts.localhost>'),
    BCRYPT_COST: z.coerce.number().int().min(4).max(31).default(12),
    PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(15),
    HASH_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    RATE_LIMIT_LOGIN_ACCOUNT: rate.default({ points: 5, seconds: 15 * 60 }),
    RATE_LIMIT_LOGIN_ADDRESS: rate.default({ points: 50, seconds: 3600 }),
    LOGIN_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().min(1).max(100).default(100),
    RATE_LIMIT_REGISTER: rate.default({ points: 10, seconds: 3600 }),
    RATE_LIMIT_PASSWORD_RESET: rate.default({ points: 5, seconds: 15 * 60 }),
    RATE_LIMIT_EMAIL_VERIFICATION: rate.default({ points: 5, seconds: 15 * 60 }),
    RATE_LIMIT_EMAIL_CHANGE: rate.default({ points: 5, seconds: 3600 }),
    RATE_LIMIT_REFRESH: rate.default({ points: 60, seconds: 60 }),
    TRUST_PROXY: trustProxy.default(false),
    CORS_ORIGINS: origins.optional(),
    REDIS_URL: z.url().optional(),
    GRAPHIQL: z.enum(['true', 'false']).optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const required = ['NEO4J_URI', 'JWT_SECRET', 'PASSWORD_PEPPER', 'SMTP_URL'] as const;
    for (const name of required) {
      if (env[name] === undefined) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required in production' });
      }
    }
    if (env.BCRYPT_COST < 10) {
      ctx.addIssue({ code: 'custom', path: ['BCRYPT_COST'], message: 'must be 10 or more' });
    }
  });

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment once; throws a ConfigError that says what to set. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return toConfig(parsed.data);
}

function toConfig(env: z.infer<typeof environment>) {
  const dataDir = path.resolve(env.DATA_DIR);

  // Development keeps its generated secrets in DATA_DIR, so a restart keeps sessions and
  // passwords valid; production refuses to start without them (checked above).
  const needsDevSecrets = env.JWT_SECRET === undefined || env.PASSWORD_PEPPER === undefined;
  const devSecrets = needsDevSecrets ? loadDevSecrets(dataDir) : undefined;

  return {
    environment: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    dataDir,
    neo4j: {
      uri: env.NEO4J_URI,
      username: env.NEO4J_USERNAME,
      password: env.NEO4J_PASSWORD,
      database: env.NEO4J_DATABASE,
      devBoltPort: env.NEO4J_DEV_BOLT_PORT,
    },
    tokens: {
      secret: env.JWT_SECRET ?? devSecrets!.jwtSecret,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
    },
    sessions: {
      idleSeconds: env.SESSION_IDLE_TTL,
      maxLifetimeSeconds: env.SESSION_MAX_LIFETIME,
      reuseGraceSeconds: env.REFRESH_REUSE_GRACE,
    },
    accountTokens: {
      verifyEmailSeconds: env.EMAIL_VERIFICATION_TTL,
      changeEmailSeconds: env.EMAIL_CHANGE_TTL,
      resetPasswordSeconds: env.PASSWORD_RESET_TTL,
    },
    mail: {
      appUrl: env.APP_URL,
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      outboxDir: path.join(dataDir, 'outbox'),
    },
    passwords: {
      bcryptCost: env.BCRYPT_COST,
      minLength: env.PASSWORD_MIN_LENGTH,
      pepper: env.PASSWORD_PEPPER ?? devSecrets!.passwordPepper,
      hashThreads: env.HASH_THREADS,
    },
    /** Shared rate-limit counters for several instances; unset: each instance counts alone. */
    redisUrl: env.REDIS_URL,
    rateLimits: {
      loginAccount: env.RATE_LIMIT_LOGIN_ACCOUNT,
      loginAddress: env.RATE_LIMIT_LOGIN_ADDRESS,
      maxConsecutiveFailures: env.LOGIN_MAX_CONSECUTIVE_FAILURES,
      register: env.RATE_LIMIT_REGISTER,
      passwordReset: env.RATE_LIMIT_PASSWORD_RESET,
      emailVerification: env.RATE_LIMIT_EMAIL_VERIFICATION,
      emailChange: env.RATE_LIMIT_EMAIL_CHANGE,
      refresh: env.RATE_LIMIT_REFRESH,
    },
    http: { port: env.PORT, host: env.HOST },
    trustProxy: env.TRUST_PROXY,
    // Development allows the example web app (npm run web); production allows none by default.
    corsOrigins:
      env.CORS_ORIGINS ??
      (env.NODE_ENV === 'production' ? [] : ['http://127.0.0.1:5173', 'http://localhost:5173']),
    // The browser IDE: on in development, off in production unless asked for.
    graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'true' : env.NODE_ENV !== 'production',
    logLevel: env.LOG_LEVEL,
  };
}
