/** Every contract, for code that wants them from one place (the admin, other tools). */
export * from './audit';
export * from './conflicts';
export * from './connections';
export * from './dashboard';
export * from './fields';
export * from './leads';
export * from './notifications';
export * from './reconciliation';
export * from './retention';
export * from './settings';
export * from './sync';
