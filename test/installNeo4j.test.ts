import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('lets npm install succeed without Java, and says what to install or to set NEO4J_URI', async () => {
  // A PATH with node and nothing else: no java, no mvn.
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-no-java-'));
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const { JAVA_HOME: _javaHome, ...environment } = process.env;

  const { stdout } = await run(process.execPath, ['scripts/install-neo4j.mjs'], {
    env: { ...environment, PATH: bin },
  });
  expect(stdout).toMatch(/no Java found\. Install a JDK 17 or newer/);
  expect(stdout).toMatch(/NEO4J_URI can point at an existing Neo4j 5\.26\+ with APOC/);

  const strict = run(process.execPath, ['scripts/install-neo4j.mjs', '--build'], {
    env: { ...environment, PATH: bin },
  });
  await expect(strict).rejects.toMatchObject({ code: 1 });
  fs.rmSync(bin, { recursive: true, force: true });
});
