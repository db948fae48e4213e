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

export class EasyCarsRefusedError extends Error {
  name = 'EasyCarsError';
  readonly status = 502;
}
