import { Button, EmptyStateLayout, Flex, Loader } from '@strapi/design-system';
import { ArrowClockwise, WarningCircle } from '@strapi/icons';
import { ACTION_LABELS } from '../../../shared/permissions';
import { statusOf, useErrorMessage } from '../services/errors';

export const LoadingState = ({ label }: { label: string }) => (
  <Flex justifyContent="center" padding={10}>
    <Loader>{label}</Loader>
  </Flex>
);

interface LoadErrorProps {
  what: string;
  error: unknown;
  onRetry: () => void;
  /** The plugin permission the page needs, named as in Settings → Roles. */
  permission?: string;
}

/** A list that could not be loaded: says why (a missing permission in words) and offers to try again. */
export const LoadErrorState = ({ what, error, onRetry, permission = ACTION_LABELS.read }: LoadErrorProps) => {
  const errorMessage = useErrorMessage();
  return (
    <EmptyStateLayout
      icon={<WarningCircle width="6.4rem" height="6.4rem" fill="danger600" />}
      content={
        statusOf(error) === 403
          ? `You may not see the ${what}: your role needs the EasyCars permission “${permission}”.`
          : `The ${what} could not be loaded: ${errorMessage(error)}`
      }
      action={
        <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={onRetry}>
          Retry
        </Button>
      }
    />
  );
};
