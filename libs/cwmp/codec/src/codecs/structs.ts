import type {
  ArgStruct,
  AllQueuedTransferStruct,
  AutonOpResultStruct,
  DeploymentUnitFaultStruct,
  DeviceIdStruct,
  EventStruct,
  OpResultStruct,
  OptionStruct,
  ParameterAttributeStruct,
  ParameterInfoStruct,
  QueuedTransferStruct,
  SetParameterAttributesStruct,
  TimeWindowStruct,
  TransferCompleteFaultStruct,
} from '../messages/structs.js';
import type { FieldCodec } from './fields.js';
import {
  arrayField,
  booleanField,
  dateTimeField,
  intField,
  optional,
  stringField,
  struct,
  structField,
  unsignedIntField,
  warn,
  XSD_STRING,
} from './fields.js';

/** Codecs of the structures shared by several messages, in cwmp-1-2.xsd element order. */

/** A string field with a check that only warns (the value is kept as sent). */
function checked(
  field: FieldCodec<string>,
  check: (value: string) => string | undefined,
  code: 'INVALID_OUI' | 'UNKNOWN_EVENT_CODE',
): FieldCodec<string> {
  return {
    element: field.element,
    decode(el, ctx, parent) {
      const value = field.decode(el, ctx, parent);
      const problem = el === undefined ? undefined : check(value);
      if (problem !== undefined) warn(ctx, code, `${parent}/${field.element}`, problem);
      return value;
    },
    encode: (value, w, parent) => field.encode(value, w, parent),
  };
}

export const deviceIdStruct = struct<DeviceIdStruct>({
  manufacturer: stringField('Manufacturer'),
  oui: checked(
    stringField('OUI'),
    (v) => (/^[0-9A-F]{6}$/.test(v) ? undefined : `OUI "${v.slice(0, 40)}" is not six upper-case hex digits`),
    'INVALID_OUI',
  ),
  productClass: stringField('ProductClass'),
  serialNumber: stringField('SerialNumber'),
});

const EVENT_CODE = /^(?:\d+(?: \S+)+|M \S+|X \S+ .+)$/;

export const eventStruct = struct<EventStruct>({
  eventCode: checked(
    stringField('EventCode'),
    (v) => (EVENT_CODE.test(v) ? undefined : `"${v.slice(0, 64)}" is not a CWMP event code`),
    'UNKNOWN_EVENT_CODE',
  ),
  commandKey: stringField('CommandKey'),
});

function faultCodeField(allowZero: boolean): FieldCodec<number> {
  const field = unsignedIntField('FaultCode');
  return {
    element: 'FaultCode',
    decode(el, ctx, parent) {
      const code = field.decode(el, ctx, parent);
      const known =
        (allowZero && code === 0) || (code >= 8000 && code <= 8899) || (code >= 9000 && code <= 9899);
      if (el !== undefined && !known)
        warn(
          ctx,
          'UNKNOWN_FAULT_CODE',
          `${parent}/FaultCode`,
          `${code} is outside the CWMP fault code ranges`,
        );
      return code;
    },
    encode: (value, w, parent) => field.encode(value, w, parent),
  };
}

export const faultCode = faultCodeField;

export const transferCompleteFaultStruct = struct<TransferCompleteFaultStruct>({
  faultCode: faultCodeField(true),
  faultString: stringField('FaultString'),
});

export const parameterInfoStruct = struct<ParameterInfoStruct>({
  name: stringField('Name'),
  writable: booleanField('Writable'),
});

export const accessList = arrayField('AccessList', XSD_STRING, stringField('string'));

export const parameterAttributeStruct = struct<ParameterAttributeStruct>({
  name: stringField('Name'),
  notification: intField('Notification'),
  accessList,
});

export const setParameterAttributesStruct = struct<SetParameterAttributesStruct>({
  name: stringField('Name'),
  notificationChange: booleanField('NotificationChange'),
  notification: intField('Notification'),
  accessListChange: booleanField('AccessListChange'),
  accessList,
});

export const queuedTransferStruct = struct<QueuedTransferStruct>({
  commandKey: stringField('CommandKey'),
  state: intField('State'),
});

export const allQueuedTransferStruct = struct<AllQueuedTransferStruct>({
  commandKey: stringField('CommandKey'),
  state: intField('State'),
  isDownload: booleanField('IsDownload'),
  fileType: stringField('FileType'),
  fileSize: unsignedIntField('FileSize'),
  targetFileName: stringField('TargetFileName'),
});

export const timeWindowStruct = struct<TimeWindowStruct>({
  windowStart: unsignedIntField('WindowStart'),
  windowEnd: unsignedIntField('WindowEnd'),
  windowMode: stringField('WindowMode'),
  userMessage: stringField('UserMessage'),
  maxRetries: intField('MaxRetries'),
});

export const optionStruct = struct<OptionStruct>({
  optionName: stringField('OptionName'),
  voucherSn: unsignedIntField('VoucherSN'),
  state: unsignedIntField('State'),
  mode: intField('Mode'),
  startDate: dateTimeField('StartDate'),
  expirationDate: optional(dateTimeField('ExpirationDate')),
  isTransferable: intField('IsTransferable'),
});

export const argStruct = struct<ArgStruct>({
  name: stringField('Name'),
  value: stringField('Value'),
});

const deploymentUnitFaultStruct = struct<DeploymentUnitFaultStruct>({
  faultCode: faultCodeField(true),
  faultString: optional(stringField('FaultString')),
});

const opResultFields = {
  uuid: stringField('UUID'),
  deploymentUnitRef: stringField('DeploymentUnitRef'),
  version: stringField('Version'),
  currentState: stringField('CurrentState'),
  resolved: booleanField('Resolved'),
  executionUnitRefList: stringField('ExecutionUnitRefList'),
  startTime: dateTimeField('StartTime'),
  completeTime: dateTimeField('CompleteTime'),
  fault: structField('Fault', deploymentUnitFaultStruct),
};

export const opResultStruct = struct<OpResultStruct>(opResultFields);

export const autonOpResultStruct = struct<AutonOpResultStruct>({
  ...opResultFields,
  operationPerformed: stringField('OperationPerformed'),
});
