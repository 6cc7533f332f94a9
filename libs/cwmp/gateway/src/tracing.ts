import type { Context, Span } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanKind, TraceFlags, isSpanContextValid, trace } from '@opentelemetry/api';
import type { SessionState } from '@headend/cwmp-session';
import type { DeviceEvent } from '@headend/events';

/**
 * Traces through the OpenTelemetry API only: without an SDK registered (the default) every span is
 * a no-op and costs next to nothing. A session is one trace: the Inform's span is its root, and
 * every later request of the session, on whichever replica, is a child of it through the
 * traceparent kept in the session record; each RPC is a span from its sending to its answer.
 */
const tracer = trace.getTracer('@headend/cwmp-gateway');
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context a W3C traceparent names, or the root context when there is none (or it is invalid). */
export function contextOf(traceparent: string | undefined): Context {
  const match = traceparent === undefined ? null : TRACEPARENT.exec(traceparent);
  if (!match) return ROOT_CONTEXT;
  const spanContext = {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: parseInt(match[3]!, 16),
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

/** The span's W3C traceparent, or undefined for a span that is not traced. */
export function traceparentOf(span: Span): string | undefined {
  const context = span.spanContext();
  if (!isSpanContextValid(context)) return undefined;
  const flags = (context.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}

export function startRequestSpan(name: string, parent: Context, attributes: Record<string, string>): Span {
  return tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
}

/** One span per answered RPC, from when it was sent (any replica) to now. */
export function recordRpcSpans(
  before: SessionState | null,
  events: readonly DeviceEvent[],
  now: number,
): void {
  const inFlight = before?.inFlight;
  if (!before || !inFlight) return;
  for (const event of events) {
    if (event.type !== 'RpcResponded' && event.type !== 'RpcFaulted') continue;
    const span = tracer.startSpan(
      `cwmp.rpc ${inFlight.method}`,
      {
        kind: SpanKind.CLIENT,
        startTime: inFlight.sentAt,
        attributes: {
          'cwmp.rpc.id': inFlight.rpcId,
          'cwmp.rpc.method': inFlight.method,
          'cwmp.rpc.outcome': event.type === 'RpcResponded' ? 'response' : 'fault',
          'cwmp.session.id': before.sessionId,
        },
      },
      contextOf(before.traceparent),
    );
    span.end(now);
  }
}
