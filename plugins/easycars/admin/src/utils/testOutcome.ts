import type { TestConnectionResult } from '../../../shared/contracts/connections';

/** What the page shows after a connection test, or after a test could not be run. */
export interface TestOutcome {
  variant: 'success' | 'danger' | 'warning';
  title: string;
  message: string;
}

export function outcomeOf(result: TestConnectionResult, name?: string): TestOutcome {
  const subject = name ? `“${name}”: ` : '';
  return result.ok
    ? { variant: 'success', title: `${subject}connection works`, message: result.message }
    : { variant: 'danger', title: `${subject}connection failed`, message: result.message };
}

export function outcomeOfError(message: string, name?: string): TestOutcome {
  const subject = name ? `“${name}”: ` : '';
  return { variant: 'danger', title: `${subject}the test could not be run`, message };
}
