import { Button, EmptyStateLayout, Flex, Loader } from '@strapi/design-system';
import { ArrowClockwise, WarningCircle } from '@strapi/icons';
import { isFetchError, useAPIErrorHandler, type FetchError } from '@strapi/strapi/admin';

export const LoadingState = ({ label }: { label: string }) => (
  <Flex justifyContent="center" padding={10}>
    <Loader>{label}</Loader>
  </Flex>
);

/** A list that could not be loaded: says why (a missing permission in words) and offers to try again. */
export const LoadErrorState = ({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) => {
  const { formatAPIError } = useAPIErrorHandler();
  return (
    <EmptyStateLayout
      icon={<WarningCircle width="6.4rem" height="6.4rem" fill="danger600" />}
      content={
        isFetchError(error) && error.status === 403
          ? `You may not see the ${what}: your role needs the EasyCars permission “Read sync data”.`
          : `The ${what} could not be loaded: ${formatAPIError(error as FetchError)}`
      }
      action={
        <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={onRetry}>
          Retry
        </Button>
      }
    />
  );
};
