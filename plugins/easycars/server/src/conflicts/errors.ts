/**
 * Why a resolution cannot go ahead. Not ApplicationErrors on purpose: Strapi maps those to 400, and these are a 409
 * (the conflict or record moved on) and a 502 (EasyCars did not take the change); the controller answers them.
 */
export class ConflictClosedError extends Error {
  name = 'ConflictError';
  readonly status = 409;
  constructor(
    readonly id: number,
    message = `Conflict ${id} is already resolved`
  ) {
    super(message);
  }
}

/** The local record behind an open conflict was deleted: nothing left to resolve (a 409 too). */
export class RecordGoneError extends ConflictClosedError {
  constructor(id: number, entity: string) {
    super(id, `The local ${entity} of conflict ${id} no longer exists: nothing to resolve`);
  }
}

export class EasyCarsRefusedError extends Error {
  name = 'EasyCarsError';
  readonly status = 502;
}
