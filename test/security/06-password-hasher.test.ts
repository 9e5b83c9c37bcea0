import { monitorEventLoopDelay } from 'node:perf_hooks';
import bcrypt from 'bcryptjs';
import { afterAll, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../src/auth/passwordHasher.js';

const pepper = 'a-pepper-only-for-this-test-0123456789abcdef';
const hashers: PasswordHasher[] = [];

async function hasher(bcryptCost: number): Promise<PasswordHasher> {
  const created = new PasswordHasher({ bcryptCost, pepper, hashThreads: 2 });
  hashers.push(created);
  await created.start();
  return created;
}

afterAll(async () => {
  await Promise.all(hashers.map((created) => created.close()));
});

describe('PasswordHasher', () => {
  it('hashes at the configured cost and checks the password', async () => {
    const passwords = await hasher(5);
    const hash = await passwords.hash('a long enough passphrase');
    expect(bcrypt.getRounds(hash)).toBe(5);
    expect(await passwords.verify('a long enough passphrase', hash)).toBe(true);
    expect(await passwords.verify('a long enough passphrasf', hash)).toBe(false);
  });

  it('depends on the pepper: a hash is useless without it', async () => {
    const hash = await (await hasher(4)).hash('the same passphrase here');
    const otherPepper = new PasswordHasher({
      bcryptCost: 4,
      pepper: `${pepper}-other`,
      hashThreads: 1,
    });
    hashers.push(otherPepper);
    expect(await otherPepper.verify('the same passphrase here', hash)).toBe(false);
    expect(await bcrypt.compare('the same passphrase here', hash)).toBe(false);
  });

  it('says which hashes are weaker than the configured cost', async () => {
    const passwords = await hasher(6);
    expect(passwords.needsRehash(bcrypt.hashSync('x', 4))).toBe(true);
    expect(passwords.needsRehash(bcrypt.hashSync('x', 6))).toBe(false);
  });

  it('keeps the event loop free while hashing at cost 12', async () => {
    const passwords = await hasher(12);

    // What one hash would block the event loop for if it ran inline, measured now: on a busy
    // machine both this and the delays below grow together.
    const started = performance.now();
    bcrypt.hashSync('calibration passphrase', 12);
    const inlineMs = performance.now() - started;

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await Promise.all([
      passwords.hash('one passphrase to hash'),
      passwords.hash('another passphrase'),
    ]);
    delay.disable();

    const worstMs = delay.max / 1e6;
    console.log(
      `one inline hash ${inlineMs.toFixed(0)} ms; event-loop delay while hashing: max ${worstMs.toFixed(1)} ms`,
    );
    expect(worstMs).toBeLessThan(inlineMs / 2);
  });
});
