import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCatalogue, upcaster, type Catalogue } from './catalogue.js';
import { decodeWith } from './decode.js';
import { encodeWith } from './encode.js';
import { HEADEND_CATALOGUE } from './headend-catalogue.js';
import { OpaqueId, eventSchema } from './schemas/common.js';
import { consumed, errorOf } from './testing/records.js';

/**
 * A test-local event family, so no fake production version is invented: LampToggled is at v2, and
 * v1 records (a boolean `on`, no brightness) are still on the topic.
 */
const LampToggledV2 = eventSchema(
  'LampToggled',
  2,
  z.object({
    toggleId: OpaqueId,
    lampId: OpaqueId,
    state: z.enum(['on', 'off']),
    brightness: z.int().min(0).max(100),
  }),
);
type LampToggled = z.infer<typeof LampToggledV2>;
const LampToggledV1Data = z.object({ toggleId: OpaqueId, lampId: OpaqueId, on: z.boolean() });

/** The union of stored shapes, and the pure upcast to the current one (Emmett style). */
type StoredLampToggled = { version: 1; data: z.infer<typeof LampToggledV1Data> } | LampToggled;
function upcastLamp(stored: StoredLampToggled): LampToggled {
  switch (stored.version) {
    case 1: {
      const { toggleId, lampId, on } = stored.data;
      return {
        type: 'LampToggled',
        version: 2,
        data: { toggleId, lampId, state: on ? 'on' : 'off', brightness: on ? 100 : 0 },
      };
    }
    case 2:
      return stored;
    default: {
      const never: never = stored;
      throw new Error(`unknown stored version ${JSON.stringify(never)}`);
    }
  }
}

const TOPIC = 'test.lamps.v1';
function lamps(upcast: (data: z.infer<typeof LampToggledV1Data>) => LampToggled): Catalogue<LampToggled> {
  return defineCatalogue<LampToggled>({
    events: [{ schema: LampToggledV2, topic: TOPIC }],
    upcasters: [
      upcaster<LampToggled, typeof LampToggledV1Data>({
        type: 'LampToggled',
        version: 1,
        data: LampToggledV1Data,
        upcast,
      }),
    ],
    ceType: (_topic, type, version) => `org.headend.test.${type}.v${version}`,
    route: (event) => ({
      topic: TOPIC,
      key: event.data.lampId,
      subject: event.data.lampId,
      id: `toggle:${event.data.toggleId}`,
    }),
    defaultSource: () => 'urn:headend:test',
  });
}
const catalogue = lamps((data) => upcastLamp({ version: 1, data }));

const TIME = '2025-01-02T03:04:05Z';
const v1Record = (data: unknown) =>
  consumed({
    topic: TOPIC,
    key: 'lamp1',
    value: new TextEncoder().encode(JSON.stringify(data)),
    headers: {
      ce_specversion: '1.0',
      ce_id: 'toggle:t1',
      ce_source: 'urn:headend:test',
      ce_type: 'org.headend.test.LampToggled.v1',
      ce_subject: 'lamp1',
      ce_time: TIME,
      'content-type': 'application/json',
    },
  });

describe('upcasting', () => {
  it('given a stored v1 record, when read, then the current v2 event comes out and meta says v1', () => {
    const result = decodeWith(catalogue, v1Record({ toggleId: 't1', lampId: 'lamp1', on: true }));

    expect(result).toMatchObject({
      ok: true,
      event: {
        type: 'LampToggled',
        version: 2,
        data: { toggleId: 't1', lampId: 'lamp1', state: 'on', brightness: 100 },
      },
      meta: { ceType: 'org.headend.test.LampToggled.v1', storedVersion: 1 },
    });
  });

  it('given a current v2 event, when written and read, then it is not upcast', () => {
    const event: LampToggled = {
      type: 'LampToggled',
      version: 2,
      data: { toggleId: 't2', lampId: 'lamp1', state: 'off', brightness: 0 },
    };
    const record = encodeWith(catalogue, event, { time: TIME });

    expect(record.headers?.['ce_type']).toBe('org.headend.test.LampToggled.v2');
    expect(decodeWith(catalogue, consumed(record))).toMatchObject({
      ok: true,
      event,
      meta: { storedVersion: 2 },
    });
  });

  it('given a v1 record in the v2 shape, when read, then it is invalid data for v1', () => {
    const result = decodeWith(
      catalogue,
      v1Record({ toggleId: 't1', lampId: 'lamp1', state: 'on', brightness: 3 }),
    );
    expect(errorOf(result).code).toBe('invalid-data');
    expect(errorOf(result).detail).toContain('data.on');
  });

  it('given an upcaster whose output breaks the current schema, when read, then upcast-failed', () => {
    const broken = lamps((data) => ({
      type: 'LampToggled',
      version: 2,
      data: { ...data, state: 'on', brightness: 101 },
    }));
    const result = decodeWith(broken, v1Record({ toggleId: 't1', lampId: 'lamp1', on: true }));
    expect(errorOf(result).code).toBe('upcast-failed');
    expect(errorOf(result).detail).toContain('brightness');
  });

  it('given an upcaster that throws, when read, then upcast-failed and no exception', () => {
    const throwing = lamps(() => {
      throw new Error('cannot');
    });
    const error = errorOf(decodeWith(throwing, v1Record({ toggleId: 't1', lampId: 'lamp1', on: false })));
    expect(error.code).toBe('upcast-failed');
    expect(error.detail).toContain('cannot');
  });

  it('given an upcaster for a version that is not older, when the catalogue is built, then it throws', () => {
    expect(() =>
      defineCatalogue<LampToggled>({
        events: [{ schema: LampToggledV2, topic: TOPIC }],
        upcasters: [
          upcaster<LampToggled, typeof LampToggledV1Data>({
            type: 'LampToggled',
            version: 2,
            data: LampToggledV1Data,
            upcast: () => {
              throw new Error('unused');
            },
          }),
        ],
        ceType: (_topic, type, version) => `${type}.v${version}`,
        route: () => ({ topic: TOPIC, key: 'k', subject: 'k', id: 'i' }),
        defaultSource: () => 'urn:headend:test',
      }),
    ).toThrow('not older');
  });
});

describe('the Headend catalogue', () => {
  it('given v1 is current for every event, then every ce_type is readable, ends in .v1 and has no older shape', () => {
    const ceTypes = [...HEADEND_CATALOGUE.current.values()].map((event) => event.ceType);
    expect(ceTypes).toHaveLength(23);
    expect(
      ceTypes.every((ceType) =>
        /^org\.headend\.(cwmp|command|config|audit|task|deadletter)\.[A-Za-z]+\.v1$/.test(ceType),
      ),
    ).toBe(true);
    expect([...HEADEND_CATALOGUE.readers.keys()].sort()).toEqual([...ceTypes].sort());
  });
});
