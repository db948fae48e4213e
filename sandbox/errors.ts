/** Bad input to the control API: answered 400 with `{error}`. */
export class InputError extends Error {}

/** An unknown account in a control API path: answered 404 with `{error}`. */
export class NotFoundError extends Error {}
