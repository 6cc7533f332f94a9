import { afterEach, describe, expect, it } from 'vitest';
import { installProcessGuard } from './process-guard.js';

type Listener = (reason: unknown) => void;

describe('the process guard', () => {
  const before = {
    rejection: process.listeners('unhandledRejection'),
    exception: process.listeners('uncaughtException'),
  };
  afterEach(() => {
    for (const listener of process.listeners('unhandledRejection'))
      if (!before.rejection.includes(listener)) process.off('unhandledRejection', listener);
    for (const listener of process.listeners('uncaughtException'))
      if (!before.exception.includes(listener)) process.off('uncaughtException', listener);
  });

  // The guard's own listeners are called directly: emitting the events would reach the runner's too.
  const added = (event: 'unhandledRejection' | 'uncaughtException') =>
    (event === 'unhandledRejection'
      ? process.listeners('unhandledRejection').at(-1)
      : process.listeners('uncaughtException').at(-1)) as unknown as Listener;

  it('given an unhandled rejection, then it is logged as one JSON line, counted, and the process keeps serving', () => {
    const lines: string[] = [];
    const exits: number[] = [];
    const faults = installProcessGuard(
      (line) => lines.push(line),
      (code) => exits.push(code),
    );
    added('unhandledRejection')(new Error('no acknowledgement within 5000 ms'));
    expect(faults).toEqual({ unhandledRejections: 1, uncaughtExceptions: 0 });
    expect(exits).toEqual([]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      error: 'Error: no acknowledgement within 5000 ms',
    });
  });

  it('given an uncaught exception, then it is logged, counted, and the process exits 1', () => {
    const lines: string[] = [];
    const exits: number[] = [];
    const faults = installProcessGuard(
      (line) => lines.push(line),
      (code) => exits.push(code),
    );
    added('uncaughtException')(new TypeError('x is undefined'));
    expect(faults.uncaughtExceptions).toBe(1);
    expect(exits).toEqual([1]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'fatal' });
  });
});
