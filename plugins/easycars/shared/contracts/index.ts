/** Every contract, for code that wants them from one place (the admin, other tools). */
export * from './alerts';
export * from './audit';
export * from './conflicts';
export * from './connections';
// the dashboard's alert banner has its own ALERT_TYPES, not the alert rules' ones
export * as dashboard from './dashboard';
export * from './fields';
export * from './leads';
export * from './monitoring';
export * from './notifications';
export * from './reconciliation';
export * from './retention';
export * from './settings';
export * from './sync';
