/** The contracts the admin and other clients import: the alert rules and events so far. */
export * from './alerts';
