/** "Updated 12 seconds ago" and a button to refresh now. */
import { useEffect, useState } from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';

function updatedLine(at: number | undefined, now: number): string {
  if (!at) return 'Not loaded yet';
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  if (seconds < 60) return `Updated ${seconds} second${seconds === 1 ? '' : 's'} ago`;
  const minutes = Math.floor(seconds / 60);
  return `Updated ${minutes} minute${minutes === 1 ? '' : 's'} ago`;
}

export const RefreshControl = ({
  updatedAt,
  refreshing,
  onRefresh,
}: {
  updatedAt: number | undefined;
  refreshing: boolean;
  onRefresh: () => void;
}) => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Flex gap={3} alignItems="center" wrap="wrap">
      <Typography variant="pi" textColor="neutral600" data-testid="dashboard-updated" aria-live="off">
        {updatedLine(updatedAt, Math.max(now, updatedAt ?? 0))}
      </Typography>
      <Button variant="tertiary" startIcon={<ArrowClockwise />} onClick={onRefresh} loading={refreshing}>
        Refresh
      </Button>
    </Flex>
  );
};
