/** Queue settings: easycars.config.queue, each unset one from its environment variable (see config/schema). */
import { parseConfig, type QueueSettings } from '../config/schema';

export type QueueConfig = QueueSettings;

/** BullMQ queue name; keys are `<prefix>:sync:*`. */
export const QUEUE_NAME = 'sync';

/** The queue settings from the environment alone (the plugin reads them with getConfig(strapi, 'queue')). */
export function readQueueConfig(env: NodeJS.ProcessEnv = process.env): QueueConfig {
  return parseConfig({}, env).queue;
}

/** A Redis URL fit for a log line: host and port, never a password. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname && parsed.pathname !== '/' ? parsed.pathname : ''}`;
  } catch {
    return 'an unparseable REDIS_URL';
  }
}
