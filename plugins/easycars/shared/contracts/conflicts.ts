/** Contracts of conflicts (a field changed both here and in EasyCars), shared by the server and the admin. */

/** How a conflict is settled by default (config) or was settled. */
export const CONFLICT_STRATEGIES = ['easycars-wins', 'local-wins', 'newest-wins', 'manual'] as const;
export type ConflictStrategy = (typeof CONFLICT_STRATEGIES)[number];
export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
/** Which side's value a resolution kept. */
export const CONFLICT_SIDES = ['easycars', 'local'] as const;
export type ConflictSide = (typeof CONFLICT_SIDES)[number];
