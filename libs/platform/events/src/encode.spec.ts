import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toRecord } from './encode.js';
import { isInvalidEvent } from './errors.js';
import { HEADEND_CATALOGUE, type HeadendEvent } from './headend-catalogue.js';
import { arbitraryOf } from './testing/arbitraries.js';

const TIME = '2025-01-02T03:04:05.678Z';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('toRecord for a trusted writer', () => {
  for (const type of ['SessionStarted', 'SessionEnded', 'RpcSent', 'InformReceived'] as const) {
    const current = HEADEND_CATALOGUE.current.get(type)!;
    it(`given any valid ${type}, then the trusted path writes the very same record as the validating one`, () => {
      fc.assert(
        fc.property(arbitraryOf(current.schema), (generated) => {
          const event = generated as HeadendEvent;
          const validated = toRecord(event, { time: TIME, traceparent: TRACEPARENT });
          const trusted = toRecord(event, { time: TIME, traceparent: TRACEPARENT, trustedWriter: true });
          expect(trusted).toEqual(validated);
          expect(Buffer.from(trusted.value).equals(Buffer.from(validated.value))).toBe(true);
        }),
        { numRuns: 100 },
      );
    });
  }

  it('given a trusted writer, then the envelope is still checked', () => {
    const event = {
      type: 'SessionEnded',
      version: 1,
      data: {
        deviceId: '00259E-HG8245-S1',
        sessionId: 's-1',
        sequence: 2,
        outcome: 'completed',
        rpcCount: 0,
        durationMs: 5,
        reason: null,
      },
    } as const;
    const refusal = (context: Parameters<typeof toRecord>[1]): unknown => {
      try {
        toRecord(event, context);
      } catch (caught) {
        return caught;
      }
      return null;
    };
    expect(isInvalidEvent(refusal({ time: 'yesterday', trustedWriter: true }))).toBe(true);
    expect(isInvalidEvent(refusal({ time: TIME, traceparent: 'not-a-trace', trustedWriter: true }))).toBe(
      true,
    );
  });

  it('given an event that breaks its schema, then only the validating path refuses it', () => {
    const broken = {
      type: 'SessionEnded',
      version: 1,
      data: {
        deviceId: '00259E-HG8245-S1',
        sessionId: 's-1',
        sequence: -1,
        outcome: 'completed',
        rpcCount: 0,
        durationMs: 5,
        reason: null,
      },
    } as const;
    expect(() => toRecord(broken, { time: TIME })).toThrow(/sequence/);
  });
});
