import type { XmlLimits } from './types.js';

/**
 * Default caps. The largest real message seen (a GetParameterValuesResponse of a TP-Link XX230v with
 * 5,420 values, ~0.8 MiB) uses ~22,000 elements at depth 6, so these leave 5x headroom while keeping a
 * hostile document's cost bounded (a 4 MiB decode takes tens of milliseconds).
 */
export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 200_000,
  maxAttributesPerElement: 64,
});
