import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_POLICY } from './policy.js';
import { AUTH_FAILURES } from './failures.js';
import type { AuthFailureReason } from './failures.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README stays in sync with the code', () => {
  it.each(Object.keys(AUTH_FAILURES) as AuthFailureReason[])(
    'given failure %s, then the README documents its code and answer',
    (reason) => {
      const { code, respond } = AUTH_FAILURES[reason];
      expect(readme).toContain(`| \`${reason}\` | \`${code}\` | ${respond} |`);
    },
  );

  it('given the failure codes, then each is unique', () => {
    const codes = Object.values(AUTH_FAILURES).map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('given the default policy, then the README states the defaults', () => {
    expect(readme).toContain(
      `| \`lifetimeMs\` / \`maxClockSkewMs\` | ${DEFAULT_AUTH_POLICY.lifetimeMs} / ${DEFAULT_AUTH_POLICY.maxClockSkewMs} |`,
    );
    expect(readme).toContain(`| \`legacyNoQop\` | \`'${DEFAULT_AUTH_POLICY.legacyNoQop}'\` |`);
    expect(readme).toContain(`| \`unknownDevices\` | \`'${DEFAULT_AUTH_POLICY.unknownDevices}'\` |`);
    expect(readme).toContain(`| \`uriMatch\` | \`'${DEFAULT_AUTH_POLICY.uriMatch}'\` |`);
  });
});
