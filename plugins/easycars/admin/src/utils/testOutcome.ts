import type { TestConnectionResult } from '../../../shared/contracts/connections';

/** What the page shows after a connection test, or after a test could not be run. */
export interface TestOutcome {
  variant: 'success' | 'danger' | 'warning';
  title: string;
  message: string;
}

/** "Connection works", or "“Main yard”: connection works" when it names a saved connection. */
const titled = (text: string, name?: string) =>
  name ? `“${name}”: ${text}` : text.charAt(0).toUpperCase() + text.slice(1);

export function outcomeOf(result: TestConnectionResult, name?: string): TestOutcome {
  return result.ok
    ? { variant: 'success', title: titled('connection works', name), message: result.message }
    : { variant: 'danger', title: titled('connection failed', name), message: result.message };
}

export function outcomeOfError(message: string, name?: string): TestOutcome {
  return { variant: 'danger', title: titled('the test could not be run', name), message };
}
