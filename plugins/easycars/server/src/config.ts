/** Plugin settings (config/plugins.ts → easycars.config), with their defaults and checks. */
import { CONFLICT_STRATEGIES, type ConflictStrategy } from './conflicts/merge';

export interface EasyCarsConfig {
  /** How a field changed both here and in EasyCars since the last sync is settled. */
  conflictStrategy: ConflictStrategy;
  /** A stock feed that would unlist more than this share of the listed vehicles stops the run (0..1). */
  unlistSafetyShare: number;
  /** Vehicles written per transaction. */
  writeBatchSize: number;
  /** How long one EasyCars call may take before it counts as a timeout (ms). */
  requestTimeoutMs: number;
}

export default {
  default: {
    conflictStrategy: 'easycars-wins',
    unlistSafetyShare: 0.5,
    writeBatchSize: 1000,
    requestTimeoutMs: 30000,
  } satisfies EasyCarsConfig,
  validator(config: Partial<EasyCarsConfig>) {
    if (config.conflictStrategy && !CONFLICT_STRATEGIES.includes(config.conflictStrategy)) {
      throw new Error(`easycars.conflictStrategy must be one of ${CONFLICT_STRATEGIES.join(', ')}`);
    }
    const share = config.unlistSafetyShare;
    if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= 1)) {
      throw new Error('easycars.unlistSafetyShare must be a number from 0 to 1');
    }
    const batch = config.writeBatchSize;
    if (batch !== undefined && !(Number.isInteger(batch) && batch >= 1 && batch <= 5000)) {
      throw new Error('easycars.writeBatchSize must be a whole number from 1 to 5000');
    }
    const timeout = config.requestTimeoutMs;
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 100)) {
      throw new Error('easycars.requestTimeoutMs must be a whole number of milliseconds, at least 100');
    }
  },
};

export function pluginConfig<K extends keyof EasyCarsConfig>(key: K): EasyCarsConfig[K] {
  return strapi.plugin('easycars').config(key) as EasyCarsConfig[K];
}
