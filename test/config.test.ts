import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const secret = 'a'.repeat(48);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-config-'));
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect(config.http).toEqual({ port: 4000, host: '127.0.0.1' });
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.devBoltPort).toBe(7687);
    expect(config.tokens.accessTokenTtlSeconds).toBe(900);
    expect(config.passwords.bcryptCost).toBe(12);
    expect(config.passwords.minLength).toBe(15);
  });

  it('generates the development secrets once and keeps them in DATA_DIR', () => {
    const dataDir = tempDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.tokens.secret).toBe(first.tokens.secret);
    expect(second.passwords.pepper).toBe(first.passwords.pepper);
    expect(Buffer.from(first.tokens.secret, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dataDir, 'dev-secrets.json')).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: tempDir() }).tokens.secret).not.toBe(first.tokens.secret);
  });

  it('refuses production without NEO4J_URI, JWT_SECRET, PASSWORD_PEPPER and SMTP_URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tempDir() })).toThrow(
      /NEO4J_URI: is required in production[\s\S]*JWT_SECRET: is required[\s\S]*PASSWORD_PEPPER: is required[\s\S]*SMTP_URL: is required/,
    );
  });

  it('refuses a short secret and says how to make one', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short', DATA_DIR: tempDir() })).toThrow(
      /JWT_SECRET: must be at least 32 bytes \(try: openssl rand -base64 48\)/,
    );
  });

  it('refuses a bcrypt cost below 10 in production', () => {
    const environment = {
      NODE_ENV: 'production',
      NEO4J_URI: 'neo4j+s://example.databases.neo4j.io',
      JWT_SECRET: secret,
      PASSWORD_PEPPER: secret,
      SMTP_URL: 'smtps://mail.example.com',
      BCRYPT_COST: '8',
    };
    expect(() => loadConfig(environment)).toThrow(/BCRYPT_COST: must be 10 or more/);
    expect(loadConfig({ ...environment, BCRYPT_COST: '12' }).isProduction).toBe(true);
  });

  it('caps consecutive failures at 100 and the refresh grace at 10 s', () => {
    const dataDir = tempDir();
    expect(loadConfig({ DATA_DIR: dataDir }).rateLimits.maxConsecutiveFailures).toBe(100);
    expect(() => loadConfig({ DATA_DIR: dataDir, LOGIN_MAX_CONSECUTIVE_FAILURES: '101' })).toThrow(
      /LOGIN_MAX_CONSECUTIVE_FAILURES/,
    );
    expect(
      loadConfig({ DATA_DIR: dataDir, REFRESH_REUSE_GRACE: '5s' }).sessions.reuseGraceSeconds,
    ).toBe(5);
    expect(() => loadConfig({ DATA_DIR: dataDir, REFRESH_REUSE_GRACE: '11s' })).toThrow(
      /REFRESH_REUSE_GRACE: must be 10 seconds or less/,
    );
  });

  it('refuses malformed values with a ConfigError', () => {
    for (const environment of [
      { PORT: 'eighty' },
      { ACCESS_TOKEN_TTL: 'soon' },
      { PASSWORD_MIN_LENGTH: '6' },
    ]) {
      expect(() => loadConfig({ ...environment, DATA_DIR: tempDir() })).toThrow(ConfigError);
    }
  });
});
