export { MongoDocumentStore } from './mongo-document-store.js';
export type { MongoDocumentStoreOptions } from './mongo-document-store.js';
