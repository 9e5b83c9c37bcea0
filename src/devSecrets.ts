import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const SECRETS_FILE = 'dev-secrets.json';

const devSecrets = z.object({
  jwtSecret: z.string().min(43),
  passwordPepper: z.string().min(43),
});

export type DevSecrets = z.infer<typeof devSecrets>;

/**
 * The development secrets: generated on the first start and kept in DATA_DIR, so that a
 * restart neither logs everyone out nor invalidates stored password hashes (the pepper is
 * an input of every hash).
 */
export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, SECRETS_FILE);
  fs.mkdirSync(dataDir, { recursive: true });

  const fresh: DevSecrets = { jwtSecret: randomSecret(), passwordPepper: randomSecret() };
  const draft = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(draft, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600 });
  try {
    // link() publishes the complete file or fails when one exists, so processes starting at
    // once all end up with the same secrets and never read a half-written file.
    fs.linkSync(draft, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }

  const stored = devSecrets.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!stored.success) {
    throw new Error(`${file} is not a valid secrets file; remove it to generate new secrets`);
  }
  return stored.data;
}

function randomSecret(): string {
  return randomBytes(48).toString('base64url');
}
