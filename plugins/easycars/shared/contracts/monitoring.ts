/**
 * Contracts of the monitoring endpoints, shared by the server and the admin: the health check
 * (`GET /api/admin/easycars/health`), the performance series (`GET /easycars/metrics`) and what runs now
 * (`GET /easycars/operations`).
 */
import type { RunStatus } from './sync';

export const HEALTH_STATES = ['ok', 'degraded', 'down'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface HealthCheck {
  ok: boolean;
  /** Why it is not ok, in words; null when ok. */
  message: string | null;
}

export interface HealthSyncState {
  /** When the latest run that succeeded (fully or partly) finished. */
  lastSuccessAt: string | null;
  /** The latest finished run's status; null when it never ran. */
  lastStatus: Exclude<RunStatus, 'queued' | 'running'> | null;
  /** A run of this kind is queued or running now. */
  active: boolean;
}

export interface HealthConnection {
  id: string;
  name: string;
  enabled: boolean;
  /** `test-failed`: the credentials can be read, but the latest Test connection failed. */
  credentials: 'ok' | 'test-failed' | 'needs-reentry';
  stock: HealthSyncState;
  lead: HealthSyncState;
}

export interface HealthResponse {
  /** `down`: the database or the encryption key is unusable (HTTP 503); `degraded`: it works, but something needs a look. */
  status: HealthState;
  checks: {
    database: HealthCheck & { latencyMs: number | null };
    queue: HealthCheck & {
      driver: 'bullmq' | 'in-process' | null;
      workers: boolean;
      /** Runs waiting for a worker, and how long the oldest has waited (seconds). */
      waiting: number;
      oldestWaitingSeconds: number | null;
    };
    encryptionKey: HealthCheck & { source: 'environment' | 'development' | null };
    connections: HealthConnection[];
    /** The latest EasyCars call any run recorded; the health check never calls EasyCars itself. */
    easycars: { lastCallAt: string | null; lastCallOk: boolean | null; latencyMs: number | null };
  };
  version: string;
  time: string;
}
