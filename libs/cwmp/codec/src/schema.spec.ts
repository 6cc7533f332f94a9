import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from './codecs/table.js';
import { decodeCwmp } from './decode.js';
import type { EncodeOptions } from './encode.js';
import { encodeCwmp } from './encode.js';
import type { CwmpVersion } from './soap/namespaces.js';
import { CWMP_NAMESPACES } from './soap/namespaces.js';
import { arbitraries } from './testing/arbitraries.js';
import { fixturePath, fixtureText, informVectors } from './testing/fixtures.js';

/**
 * Every message the library encodes validates against the Broadband Forum schema of its version, with
 * xmllint (Debian libxml2-utils), local SOAP 1.1 envelope/encoding schemas and an XML catalog
 * (fixtures/xsd), offline (--nonet). cwmp-1-3.xsd and cwmp-1-4.xsd declare targetNamespace cwmp-1-2,
 * so a 1.3/1.4 message is validated against its version's schema after its namespace URI is rewritten
 * to the one that schema declares (the elements and types are otherwise those of that version).
 */

const SCHEMA_FILE: Readonly<Record<CwmpVersion, string>> = {
  '1.0': 'xsd/cwmp-1-0.xsd',
  '1.1': 'xsd/cwmp-1-1.xsd',
  '1.2': 'xsd/cwmp-1-2.xsd',
  '1.3': 'xsd/cwmp-1-3.xsd',
  '1.4': 'xsd/cwmp-1-4.xsd',
};
/** 1.3 and 1.4 include cwmp-1-2.xsd for their messages. */
const ELEMENTS_FROM: Readonly<Record<CwmpVersion, string>> = {
  ...SCHEMA_FILE,
  '1.3': 'xsd/cwmp-1-2.xsd',
  '1.4': 'xsd/cwmp-1-2.xsd',
};
const TARGET_NAMESPACE: Readonly<Record<CwmpVersion, string>> = {
  ...CWMP_NAMESPACES,
  '1.3': CWMP_NAMESPACES['1.2'],
  '1.4': CWMP_NAMESPACES['1.2'],
};

function requireXmllint(): void {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error('xmllint is not installed; the schema tests need it: apt-get install -y libxml2-utils');
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'cwmp-xsd-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Validates documents against one schema in one xmllint run; returns the failures with xmllint's words. */
function validate(version: CwmpVersion, documents: readonly { name: string; xml: string }[]): string[] {
  requireXmllint();
  const files = documents.map((d, i) => {
    const file = join(workDir, `${version}-${String(i).padStart(4, '0')}-${d.name}.xml`);
    writeFileSync(file, d.xml.replaceAll(CWMP_NAMESPACES[version], TARGET_NAMESPACE[version]));
    return file;
  });
  const run = spawnSync(
    'xmllint',
    ['--nonet', '--noout', '--schema', fixturePath(SCHEMA_FILE[version]), ...files],
    {
      encoding: 'utf8',
      env: { ...process.env, XML_CATALOG_FILES: fixturePath('xsd/catalog.xml') },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.error !== undefined) throw run.error;
  const failures = files.filter((f) => !run.stderr.includes(`${f} validates`));
  if (failures.length === 0 && run.status === 0) return [];
  return [
    ...failures.map(
      (f) =>
        `${f}: ${run.stderr
          .split('\n')
          .filter((l) => l.startsWith(f))
          .join('\n')}`,
    ),
    ...(failures.length === 0 ? [run.stderr] : []),
  ];
}

const schema = arbitraries('schema');
const VERSIONS = Object.keys(SCHEMA_FILE) as CwmpVersion[];

describe('schema validation with xmllint', () => {
  it('given xmllint, when asked its version, then it answers (else: apt-get install -y libxml2-utils)', () => {
    expect(requireXmllint).not.toThrow();
  });

  for (const version of VERSIONS) {
    const declared = fixtureText(ELEMENTS_FROM[version]);
    const types = MESSAGE_TYPES.filter((t) => declared.includes(`<xs:element name="${t}">`));

    it(`given generated messages of every type CWMP ${version} defines (${types.length}), when encoded, then all validate against ${SCHEMA_FILE[version]}`, () => {
      const documents = types.flatMap((type, t) =>
        fc
          .sample(fc.tuple(schema.messages[type], schema.header), { numRuns: 4, seed: 20260101 + t })
          .map(([body, header], i) => {
            const options: EncodeOptions = {
              xmlDeclaration: i % 2 === 0,
              soapPrefix: i % 2 === 0 ? 'soap-env' : 'SOAP-ENV',
            };
            return {
              name: type,
              xml: encodeCwmp({ namespace: CWMP_NAMESPACES[version], header, body }, options),
            };
          }),
      );
      expect(validate(version, documents)).toEqual([]);
    });
  }

  it('given the decoded real vectors (all but 03, whose values are invalid), when re-encoded, then they validate against cwmp-1-0.xsd', () => {
    const documents = [...informVectors()]
      .filter(([id]) => id !== '03')
      .map(([id, bytes]) => {
        const r = decodeCwmp(bytes);
        if (!r.ok || r.kind !== 'message') throw new Error(`vector ${id} did not decode`);
        return {
          name: `vector-${id}`,
          xml: encodeCwmp({ ...r.envelope, namespace: CWMP_NAMESPACES['1.0'] }),
        };
      });
    expect(validate('1.0', documents)).toEqual([]);
  });

  it('given an Inform without DeviceId, when validated, then xmllint rejects it (the check is real)', () => {
    const xml = encodeCwmp({
      namespace: CWMP_NAMESPACES['1.2'],
      body: {
        type: 'Inform',
        deviceId: { manufacturer: 'x', oui: '000000', productClass: 'x', serialNumber: 'x' },
        event: [],
        maxEnvelopes: 1,
        currentTime: '2024-01-01T00:00:00Z',
        retryCount: 0,
        parameterList: [],
      },
    }).replace(/<DeviceId>.*<\/DeviceId>/, '');
    expect(validate('1.2', [{ name: 'broken', xml }])).toHaveLength(1);
  });
});
