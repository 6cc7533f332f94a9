import { afterAll, beforeAll, beforeEach } from 'vitest';

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A name no other test run uses, so suites never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Opens a client once for a suite. When the server cannot be reached, every test of the suite FAILS
 * with the adapter's message (naming the server), rather than being reported as skipped.
 */
export function connectForSuite<T>(connect: () => Promise<T>, close: (client: T) => Promise<void>): () => T {
  let client: T | undefined;
  let failure: Error | undefined;
  beforeAll(async () => {
    try {
      client = await connect();
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
  afterAll(async () => {
    if (client !== undefined) await close(client);
  });
  return () => client as T;
}
