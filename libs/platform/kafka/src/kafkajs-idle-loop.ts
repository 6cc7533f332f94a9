import { createRequire } from 'node:module';

interface RequestQueuePrototype {
  scheduleCheckPendingRequests(this: { pending: unknown[] }): void;
  __headendIdleLoopFixed?: true;
}

/**
 * kafkajs 2.2.4 re-arms a 1 ms timer in every broker connection's request queue forever, pending
 * requests or not (tulios/kafkajs#1556, #1704; the fix, #1667, is unreleased): ~1,000 wake-ups a
 * second per connection, tens of ms of CPU per idle second. The timer is only needed while requests
 * wait (throttled or over the in-flight limit); a new request or a response checks the queue anyway.
 * Applied once, to the copy of kafkajs this adapter loads; a kafkajs without that method is left alone.
 */
export function fixKafkaJsIdleLoop(): boolean {
  const require = createRequire(import.meta.url);
  let RequestQueue: { prototype: RequestQueuePrototype } | undefined;
  try {
    RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
      prototype: RequestQueuePrototype;
    };
  } catch {
    return false;
  }
  const prototype = RequestQueue.prototype;
  if (prototype.__headendIdleLoopFixed) return true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with .call(this) below
  const original = prototype.scheduleCheckPendingRequests;
  if (typeof original !== 'function') return false;
  prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: {
    pending: unknown[];
  }) {
    if (this.pending.length === 0) return;
    original.call(this);
  };
  prototype.__headendIdleLoopFixed = true;
  return true;
}
