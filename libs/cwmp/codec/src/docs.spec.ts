import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECODE_ERROR_CODES, faultCodeFor } from './errors.js';
import { WARNING_CODES } from './warnings.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README stays in sync with the code', () => {
  it.each(Object.keys(WARNING_CODES))('given warning code %s, then the README documents it', (code) => {
    expect(readme).toMatch(new RegExp(`\\| \`${code}\` \\|`));
  });

  it.each(Object.keys(DECODE_ERROR_CODES) as (keyof typeof DECODE_ERROR_CODES)[])(
    'given error code %s, then the README documents it with its fault code',
    (code) => {
      expect(readme).toMatch(new RegExp(`\\| \`${code}\` \\| ${faultCodeFor(code, 'acs')} \\|`));
    },
  );
});
