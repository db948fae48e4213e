/** When a schedule fires next (same parser as BullMQ's job schedulers, server time zone). */
import { CronExpressionParser } from 'cron-parser';
import { cronProblem } from '../../../shared/cron';

export { cronProblem };

const next = (pattern: string, from: Date, tz?: string) =>
  CronExpressionParser.parse(pattern.trim(), { currentDate: from, ...(tz ? { tz } : {}) })
    .next()
    .toDate();

/** The first time strictly after `from` at which the schedule fires. */
export function nextFireTime(pattern: string, from: Date = new Date(), tz?: string): Date {
  const problem = cronProblem(pattern);
  if (problem) throw new Error(problem);
  return next(pattern, from, tz);
}

const FIVE_OR_SIX_FIELDS = /^\s*(\S+\s+){4,5}\S+\s*$/;

/**
 * Why a system job's schedule cannot be used, or null. Unlike a connection's, it may have a seconds field first:
 * system jobs are declared in code, not typed into the admin.
 */
export function systemCronProblem(pattern: string): string | null {
  if (!FIVE_OR_SIX_FIELDS.test(pattern)) return `"${pattern}" must have 5 fields, or 6 with seconds first`;
  try {
    next(pattern, new Date());
    return null;
  } catch (error) {
    return `"${pattern}" is not a valid cron expression: ${(error as Error).message}`;
  }
}

/** Like nextFireTime, for a system job's schedule. */
export function nextSystemFireTime(pattern: string, from: Date = new Date()): Date {
  const problem = systemCronProblem(pattern);
  if (problem) throw new Error(problem);
  return next(pattern, from);
}
