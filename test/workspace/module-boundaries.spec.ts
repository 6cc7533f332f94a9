import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const probes: string[] = [];

/** Lints a throw-away file placed in a project, and returns the module-boundary complaints. */
async function boundaryErrors(projectSourceDir: string, source: string): Promise<string[]> {
  const file = resolve(root, projectSourceDir, `${Math.random().toString(36).slice(2)}.boundary-probe.ts`);
  probes.push(file);
  await writeFile(file, source);
  const [result] = await new ESLint({ cwd: root }).lintFiles([file]);
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
    .map((message) => message.message);
}

afterAll(async () => {
  await Promise.all(probes.map((file) => rm(file, { force: true })));
});

describe('module boundaries (eslint @nx/enforce-module-boundaries)', { timeout: 30_000 }, () => {
  it.each(['kafkajs', 'ioredis', 'mongodb'])(
    'given a pure library that imports %s, lint reports it',
    async (driver) => {
      const errors = await boundaryErrors(
        'libs/platform/ports/src',
        `import * as driver from '${driver}';\nexport const probe = driver;\n`,
      );
      expect(errors).toContain(`A project tagged with "type:core" is not allowed to import "${driver}"`);
    },
  );

  it('given a pure library that imports a test-only library outside its tests, lint reports it', async () => {
    const errors = await boundaryErrors(
      'libs/platform/config/src',
      `import { uniqueName } from '@headend/contract-tests';\nexport const probe = uniqueName;\n`,
    );
    expect(errors.join('\n')).toMatch(
      /tagged with "type:core" can only depend on libs tagged with "type:core"/,
    );
  });

  it('given an adapter that imports its driver and the ports, lint has no boundary complaint', async () => {
    const errors = await boundaryErrors(
      'libs/platform/kafka/src',
      `import { Kafka } from 'kafkajs';\nimport type { EventLog } from '@headend/ports';\nexport type Probe = [Kafka, EventLog];\n`,
    );
    expect(errors).toEqual([]);
  });
});
