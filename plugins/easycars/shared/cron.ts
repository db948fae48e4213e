/**
 * Cron schedules of the connections (5 fields: minute hour day-of-month month day-of-week, server time zone), checked
 * by cron-parser, the library BullMQ's job schedulers use: the form and the server reject what the queue could not run.
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
