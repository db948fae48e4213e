/**
 * Cron schedules of the connections (5 fields: minute hour day-of-month month day-of-week, server time zone).
 * Parsed by cron-parser, the library BullMQ's job schedulers use, so both drivers fire at the same times.
 */
import { CronExpressionParser } from 'cron-parser';

const FIVE_FIELDS = /^\s*(\S+\s+){4}\S+\s*$/;

/** Why a schedule cannot be used, or null when it can. */
export function cronProblem(pattern: string): string | null {
  if (!FIVE_FIELDS.test(pattern)) return `"${pattern}" must have 5 fields, e.g. */30 * * * *`;
  try {
    CronExpressionParser.parse(pattern.trim()).next();
    return null;
  } catch (error) {
    return `"${pattern}" is not a valid cron expression: ${(error as Error).message}`;
  }
}

/** The first time strictly after `from` at which the schedule fires. */
export function nextFireTime(pattern: string, from: Date = new Date(), tz?: string): Date {
  const problem = cronProblem(pattern);
  if (problem) throw new Error(problem);
  return CronExpressionParser.parse(pattern.trim(), { currentDate: from, ...(tz ? { tz } : {}) }).next().toDate();
}
