/** The loopback Microsoft Graph double: see server.ts. */
export {
  GraphDouble,
  type GraphDoubleOptions,
  type GraphDoubleStats,
  type LoggedRequest,
} from './server';
export { MAX_BATCH_REQUESTS } from './batch';
export { PREFER_NON_INDEXED } from './sharepoint';
export type { DriveFile } from './drive';
export { graphClientFor } from './client';
export * from './mail';
export * from './messages';
export * from './calendar';
export type { ChangeListener, ChangeType } from './http';
