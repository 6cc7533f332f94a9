/** Between kafkajs and the EventLog port: consumed records, kafkajs errors, and a time-out helper. */
import type { IHeaders } from 'kafkajs';
import { BackendUnavailableError } from '@headend/ports';
import type { ConsumedRecord } from '@headend/ports';

export function toConsumedRecord(
  topic: string,
  partition: number,
  message: {
    key: Buffer | null;
    value: Buffer | null;
    headers?: IHeaders;
    offset: string;
    timestamp: string;
  },
): ConsumedRecord {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers.set(name, first.toString());
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? '',
    value: message.value ?? new Uint8Array(0),
    headers,
    timestamp: Number(message.timestamp),
  };
}

export function isTopicAlreadyExists(error: unknown): boolean {
  const nested = (error as { errors?: { type?: string }[] } | undefined)?.errors;
  return (
    (error as { type?: string } | undefined)?.type === 'TOPIC_ALREADY_EXISTS' ||
    (Array.isArray(nested) && nested.length > 0 && nested.every((e) => e.type === 'TOPIC_ALREADY_EXISTS'))
  );
}

/** kafkajs's own test: the group is rebalancing, or this member's generation is over. */
export function isRebalancing(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return (
    type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'ILLEGAL_GENERATION'
  );
}

export function unavailable(what: string, cause: unknown): BackendUnavailableError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new BackendUnavailableError('kafka', `${what}: ${reason}`, { cause });
}

export async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no group assignment within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
