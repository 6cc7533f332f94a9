import type { CwmpMessage, ParameterValueStruct } from '@headend/cwmp-codec';
import { CAPS } from '@headend/events';

/** A field of the recorded event whose values were cut to the catalogue's caps, or left out. */
export interface Fitted {
  /** The event path, e.g. `data.parameters`, `data.events.code`: ours, never the device's text. */
  readonly field: string;
  /** How many values were cut or left out. */
  readonly count: number;
}

/**
 * What recording `message` will cut or leave out (the rules of values.ts and device-events.ts, over
 * the fields where TR-069 sets a limit and real CPEs break it), so the gateway can say so: count it
 * and tell the operator, instead of changing the device's message silently. Empty when nothing is.
 */
export function fittedOf(message: CwmpMessage): Fitted[] {
  const found = new Map<string, number>();
  const add = (field: string, count = 1) => {
    if (count > 0) found.set(field, (found.get(field) ?? 0) + count);
  };
  switch (message.type) {
    case 'Inform': {
      const events = message.event.filter((e) => e.eventCode !== '');
      add('data.events', Math.max(0, events.length - CAPS.events));
      for (const e of events.slice(0, CAPS.events)) {
        if (e.eventCode.length > CAPS.eventCode) add('data.events.code');
        if (e.commandKey.length > CAPS.commandKey) add('data.events.commandKey');
      }
      if (message.currentTime.length > CAPS.eventCode) add('data.currentTime.raw');
      parameters(message.parameterList, 'data.parameters', add);
      break;
    }
    case 'TransferComplete':
      if (message.commandKey.length > CAPS.commandKey) add('data.commandKey');
      if ((message.faultStruct.faultString ?? '').length > CAPS.text) add('data.fault.string');
      break;
    case 'GetParameterValuesResponse':
      parameters(message.parameterList, 'data.response.parameterList', add);
      break;
    default:
      break;
  }
  return [...found].map(([field, count]) => ({ field, count }));
}

function parameters(
  list: readonly ParameterValueStruct[],
  field: string,
  add: (field: string, count?: number) => void,
): void {
  let kept = 0;
  for (const p of list) {
    if (kept === CAPS.parameters) {
      add(field);
      continue;
    }
    if (p.name.length > CAPS.parameterName || p.value.length > CAPS.value) add(field);
    else {
      kept++;
      if ((p.type ?? '').length > CAPS.token) add(`${field}.type`);
    }
  }
}
