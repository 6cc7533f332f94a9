import type { EventType } from '../headend-catalogue.js';

/** One line per event for the AsyncAPI document; a Record so a new event type cannot go undescribed. */
export const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  SessionStarted: 'A CPE opened a CWMP session and was authenticated; the gateway holds its session lock.',
  InformReceived:
    'The Inform that opens every session: device identity, event codes and the forced parameters.',
  TransferCompleteReceived:
    'The CPE reports the end of a Download or Upload the ACS asked for (fault null on success).',
  AutonomousTransferCompleteReceived: 'The CPE reports a transfer it made on its own initiative.',
  RequestDownloadReceived: 'The CPE asks the ACS to send it a file of the given type.',
  DuStateChangeCompleteReceived: 'The CPE reports the results of a ChangeDUState the ACS asked for.',
  AutonomousDuStateChangeCompleteReceived:
    'The CPE reports deployment-unit changes made on its own initiative.',
  KickedReceived: 'A Kicked request (deprecated in TR-069 Amendment 5).',
  RpcSent: 'The ACS sent an RPC to the CPE (passwords are never recorded).',
  RpcResponded: 'The CPE answered an RPC; the response is discriminated by method.',
  RpcFaulted: 'The CPE answered an RPC with a CWMP fault.',
  SessionEnded: 'The session is over, with its outcome, RPC count and duration.',
  MessageRefused:
    "The gateway refused a CPE's message, or recorded it cut, because values exceed the catalogue's limits.",
  TaskRequested: 'An operator or service asked for work on a device.',
  TaskCancelled: 'A task was cancelled before it was done.',
  ConnectionRequested: 'The ACS should ask the CPE to open a session now (TR-069 Connection Request).',
  PresetSaved: 'A preset was created or changed (definition opaque for now).',
  PresetDeleted: 'A preset was deleted.',
  FileStored: 'A file (firmware, configuration) was stored for CPEs to download.',
  FileDeleted: 'A stored file was deleted.',
  TaskUpdated:
    'A task changed state (pending, in progress, waiting for the device, done, fault, cancelled, expired).',
  RecordDeadLettered:
    'A consumer set a record aside that it can never process (undecodable, or its projection cannot be stored), with the reason and the original bytes, and moved on.',
  AdminCallAudited: 'A mutating admin API call, who made it, on what, and how it ended.',
};
