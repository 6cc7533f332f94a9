/**
 * The structures CWMP messages are made of (TR-069 Annex A, cwmp-1-2.xsd). Property names are the
 * element names in camelCase; dateTime values stay raw strings (see readDateTime), unsigned and signed
 * ints are numbers, booleans are booleans.
 */

export interface DeviceIdStruct {
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
}

export interface EventStruct {
  readonly eventCode: string;
  readonly commandKey: string;
}

/** A parameter value: its raw text and its xsi:type as sent (normalised to the `xsd:` prefix). */
export interface ParameterValueStruct {
  readonly name: string;
  readonly value: string;
  /** e.g. 'xsd:string', 'xsd:boolean'; undefined when the device sent no xsi:type. */
  readonly type?: string | undefined;
}

export interface ParameterInfoStruct {
  readonly name: string;
  readonly writable: boolean;
}

export interface ParameterAttributeStruct {
  readonly name: string;
  /** 0 off, 1 passive, 2 active, 3-6 lightweight variants (CWMP 1.4). */
  readonly notification: number;
  readonly accessList: readonly string[];
}

export interface SetParameterAttributesStruct {
  readonly name: string;
  readonly notificationChange: boolean;
  readonly notification: number;
  readonly accessListChange: boolean;
  readonly accessList: readonly string[];
}

/** FaultCode 0 means success. */
export interface TransferCompleteFaultStruct {
  readonly faultCode: number;
  readonly faultString: string;
}

export interface QueuedTransferStruct {
  readonly commandKey: string;
  /** 1 not yet started, 2 in progress, 3 completed. */
  readonly state: number;
}

export interface AllQueuedTransferStruct {
  readonly commandKey: string;
  readonly state: number;
  readonly isDownload: boolean;
  readonly fileType: string;
  readonly fileSize: number;
  readonly targetFileName: string;
}

export interface TimeWindowStruct {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly windowMode: string;
  readonly userMessage: string;
  readonly maxRetries: number;
}

export interface OptionStruct {
  readonly optionName: string;
  readonly voucherSn: number;
  readonly state: number;
  readonly mode: number;
  readonly startDate: string;
  readonly expirationDate?: string | undefined;
  readonly isTransferable: number;
}

export interface ArgStruct {
  readonly name: string;
  readonly value: string;
}

export interface InstallOpStruct {
  readonly operation: 'Install';
  readonly url: string;
  readonly uuid?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly executionEnvRef?: string | undefined;
}

export interface UpdateOpStruct {
  readonly operation: 'Update';
  readonly uuid?: string | undefined;
  readonly version?: string | undefined;
  readonly url?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

export interface UninstallOpStruct {
  readonly operation: 'Uninstall';
  readonly uuid: string;
  readonly version?: string | undefined;
  readonly executionEnvRef?: string | undefined;
}

/** ChangeDUState operations; on the wire the xsi:type (InstallOpStruct, ...) says which. */
export type OperationStruct = InstallOpStruct | UpdateOpStruct | UninstallOpStruct;

export interface DeploymentUnitFaultStruct {
  readonly faultCode: number;
  readonly faultString?: string | undefined;
}

export interface OpResultStruct {
  readonly uuid: string;
  readonly deploymentUnitRef: string;
  readonly version: string;
  /** Installed, Uninstalled or Failed. */
  readonly currentState: string;
  readonly resolved: boolean;
  readonly executionUnitRefList: string;
  readonly startTime: string;
  readonly completeTime: string;
  readonly fault: DeploymentUnitFaultStruct;
}

export interface AutonOpResultStruct extends OpResultStruct {
  /** Install, Update, Uninstall or a vendor string. */
  readonly operationPerformed: string;
}
