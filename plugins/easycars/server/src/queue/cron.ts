/** When a connection's schedule fires next (same parser as BullMQ's job schedulers, server time zone). */
import { CronExpressionParser } from 'cron-parser';
import { cronProblem } from '../../../shared/cron';

export { cronProblem };

/** The first time strictly after `from` at which the schedule fires. */
export function nextFireTime(pattern: string, from: Date = new Date(), tz?: string): Date {
  const problem = cronProblem(pattern);
  if (problem) throw new Error(problem);
  return CronExpressionParser.parse(pattern.trim(), { currentDate: from, ...(tz ? { tz } : {}) }).next().toDate();
}
