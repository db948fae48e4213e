import type { RunKind } from '../../../shared/contracts/sync';

/**
 * A run of this connection and kind is already queued or running. Not an ApplicationError on purpose: Strapi maps
 * those to 400, so the sync controller answers this one with a 409 itself.
 */
export class RunConflictError extends Error {
  name = 'ConflictError';
  readonly status = 409;
  readonly details: { runId: number | null };

  constructor(kind: RunKind, connectionName: string, runId: number | null) {
    const what = kind === 'reconciliation' ? 'reconciliation' : `${kind} sync`;
    super(
      runId === null
        ? `A ${what} of "${connectionName}" is already being started`
        : `A ${what} of "${connectionName}" is already running (run ${runId})`
    );
    this.details = { runId };
  }

  get runId(): number | null {
    return this.details.runId;
  }
}

/** The run's lock now belongs to someone else (it expired while this worker was unresponsive). */
export class LockLostError extends Error {
  name = 'LockLostError';
  constructor(runId: number) {
    super(`Run ${runId} lost its lock: the worker was unresponsive for too long and another run may have started`);
  }
}

/** A conflict raised below the service, before the connection's name is known. */
export class ActiveRunError extends Error {
  name = 'ActiveRunError';
  constructor(readonly runId: number | null) {
    super(runId === null ? 'Another run is being started' : `Run ${runId} is active`);
  }
}
