import { Button, Flex, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import type { Pagination } from '../../../shared/contracts/sync';

/** "Page 2 of 5 · 98 runs" with Previous and Next. */
export const PageControls = ({
  pagination,
  noun,
  onPage,
  testId,
}: {
  pagination: Pagination;
  /** Singular and plural, e.g. ['run', 'runs']. */
  noun: [string, string];
  onPage: (page: number) => void;
  testId?: string;
}) => (
  <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
    <Typography variant="pi" textColor="neutral600" data-testid={testId}>
      Page {pagination.page} of {Math.max(1, pagination.pageCount)} · {pagination.total}{' '}
      {pagination.total === 1 ? noun[0] : noun[1]}
    </Typography>
    <Flex gap={2}>
      <Button
        variant="tertiary"
        startIcon={<ChevronLeft />}
        disabled={pagination.page <= 1}
        onClick={() => onPage(pagination.page - 1)}
      >
        Previous
      </Button>
      <Button
        variant="tertiary"
        endIcon={<ChevronRight />}
        disabled={pagination.page >= pagination.pageCount}
        onClick={() => onPage(pagination.page + 1)}
      >
        Next
      </Button>
    </Flex>
  </Flex>
);
