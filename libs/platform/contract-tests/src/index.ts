export { describeCoordinationContract } from './coordination.contract.js';
export { describeDocumentStoreContract } from './document-store.contract.js';
export { describeEventLogContract } from './event-log.contract.js';
export { eventually, uniqueName } from './wait.js';
