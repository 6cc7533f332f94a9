import { readFileSync } from 'node:fs';

/**
 * One session as a simulated CPE saw it: a line of cpe-sim's --journal (apps/cpe-sim/src/fleet.ts,
 * SessionRecord). Only what the checks read is typed here.
 */
export interface JournalSession {
  readonly device: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly ok: boolean;
  readonly failure?: string;
  readonly trace: {
    readonly inform: {
      readonly currentTime: string;
      readonly retryCount: number;
      readonly events: readonly { readonly code: string; readonly commandKey: string }[];
    };
    readonly informAcked: boolean;
    readonly executed: readonly {
      readonly request: { readonly type: string; readonly [field: string]: unknown };
      readonly response: string;
      readonly acked: boolean;
    }[];
    readonly delivered: readonly { readonly type: string; readonly commandKey?: string }[];
  };
}

/** The journal so far; a line being written (the last, without its newline) is left for later. */
export function readJournal(path: string): JournalSession[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as JournalSession);
}

/** The parameter values a session's executed SetParameterValues wrote (those the CPE accepted). */
export function writtenValues(session: JournalSession): { name: string; value: string }[] {
  return session.trace.executed
    .filter((e) => e.request.type === 'SetParameterValues' && e.response === 'SetParameterValuesResponse')
    .flatMap((e) => (e.request['parameterList'] as { name: string; value: string }[] | undefined) ?? []);
}
