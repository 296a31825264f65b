export { createQueue, SdwebuiQueue, type QueueOptions, type SubmitOptions, type JobSummary } from './producer/index.js';
export { QueuedJob, type QueuedJobProgress } from './producer/queued-job.js';
export { createWorker, SdwebuiWorker, type WorkerOptions, type CloseOptions } from './worker/index.js';
export type { BackendConfig } from './worker/backend.js';
export type { WorkerEvent } from './worker/events.js';
export type { TaskSighting } from './worker/confirm.js';
export type { QueueStats, BackendStatus, TenantStats } from './stats/index.js';
export type { TenantLimits } from './tenants/index.js';
export type { JobState } from './job-state/index.js';
export { verifyWebhook, type WebhookHeaders } from './webhooks/verify.js';
export type { WebhookEvent } from './webhooks/payload.js';
export type { WebhookOptions } from './webhooks/sender.js';
export type { ResolveHost } from './webhooks/address-policy.js';
export type { QueueResult } from './result/index.js';
export { createFileStore, defaultStoreDir, type ResultStore, type FileStoreOptions } from './store/index.js';
export { createRedisStore, type RedisStore, type RedisStoreOptions } from './redis-store/index.js';
export { startRedisServer, type RedisServer, type RedisServerOptions } from './redis-server/index.js';
export { checkConnection, type Connection, type ClusterConnection, type RedisNode } from './connection/index.js';
export type { ReplicaWait } from './connection/replicas.js';
export {
  QueueError,
  JobCancelledError,
  JobFailedError,
  type FailureOrigin,
  JobNotFoundError,
  DispatchUncertainError,
  ResultMissingError,
  QueueConfigError,
  QueueConnectionError,
  QuotaError,
  WebhookVerificationError,
} from './errors/index.js';
export { JOB_HEADER } from './worker/run-job.js';
