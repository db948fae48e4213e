import { Alert } from '@strapi/design-system';
import type { TestOutcome } from '../utils/testOutcome';

interface Props {
  outcome: TestOutcome;
  onClose: () => void;
}

/** The visible outcome of a connection test. */
export const TestResultAlert = ({ outcome, onClose }: Props) => (
  <Alert
    data-testid="connection-test-result"
    data-variant={outcome.variant}
    variant={outcome.variant}
    title={outcome.title}
    closeLabel="Dismiss the test result"
    onClose={onClose}
  >
    {outcome.message}
  </Alert>
);
