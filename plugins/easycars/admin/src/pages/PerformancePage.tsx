/**
 * Performance: what runs now (refreshed every few seconds while a run is queued or running) and, over a range kept
 * in the address (`?range=7d`), how long syncs take and how often they succeed, how fast they go, and how EasyCars
 * answers: latency per endpoint, errors and throttling.
 */
import { useEffect, useState } from 'react';
import { Flex, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { RefreshControl } from '../components/dashboard/RefreshControl';
import { LoadErrorState } from '../components/PageStates';
import { NowPanel } from '../components/performance/NowPanel';
import { PerformanceCharts } from '../components/performance/PerformanceCharts';
import { PerformanceSkeleton } from '../components/performance/PerformanceSkeleton';
import { RangePicker } from '../components/performance/RangePicker';
import { PERMISSIONS } from '../permissions';
import { rangeOf, useGetMetricsQuery, useOperationsQuery } from '../services/monitoring';

/** The charts ask again for the range ending now once a minute: the newest minute buckets fill in. */
const CHARTS_REFRESH_MS = 60_000;
const MINUTE = 60_000;

const STEP_NAMES: Record<number, string> = {
  60: '1-minute',
  300: '5-minute',
  900: '15-minute',
  3600: 'hourly',
  10_800: '3-hour',
  21_600: '6-hour',
  43_200: '12-hour',
  86_400: 'daily',
};

/** The range's end: the next whole minute, so a query's address stays the same within a minute. */
const endOfMinute = (at: number) => Math.ceil(at / MINUTE) * MINUTE;

const PerformanceContent = () => {
  const [params, setParams] = useSearchParams();
  const range = rangeOf(params.get('range'));
  const [end, setEnd] = useState(() => endOfMinute(Date.now()));
  useEffect(() => {
    const timer = setInterval(() => setEnd(endOfMinute(Date.now())), CHARTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const window = { from: new Date(end - range.ms).toISOString(), to: new Date(end).toISOString() };
  const metrics = useGetMetricsQuery(window);
  const operations = useOperationsQuery();
  // while another range loads, the previous range's charts would mislead: only this range's answer is shown
  const shown =
    metrics.data && Date.parse(metrics.data.data.to) - Date.parse(metrics.data.data.from) === range.ms
      ? metrics.data
      : undefined;

  const refresh = () => {
    setEnd(endOfMinute(Date.now()));
    void operations.refetch();
    void metrics.refetch();
  };

  let now: React.ReactNode;
  if (operations.isLoading) now = <PerformanceSkeleton blocks={3} label="Loading what runs now…" height="16rem" />;
  else if (!operations.data) {
    now = (
      <LoadErrorState
        what="operations in progress"
        error={operations.error}
        onRetry={() => void operations.refetch()}
      />
    );
  } else now = <NowPanel answer={operations.data} answeredAt={operations.fulfilledTimeStamp} />;

  let charts: React.ReactNode;
  if (shown) charts = <PerformanceCharts metrics={shown.data} rangeMs={range.ms} />;
  else if (metrics.isError) {
    charts = <LoadErrorState what="performance figures" error={metrics.error} onRetry={() => void metrics.refetch()} />;
  } else charts = <PerformanceSkeleton blocks={6} label="Loading the charts…" />;

  return (
    <Flex direction="column" alignItems="stretch" gap={8}>
      <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-label="Now">
        <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
          <Typography variant="delta" tag="h2">
            Now
          </Typography>
          <RefreshControl
            updatedAt={operations.fulfilledTimeStamp}
            refreshing={operations.isFetching}
            onRefresh={refresh}
          />
        </Flex>
        {now}
      </Flex>
      <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-label="Over time">
        <Typography variant="delta" tag="h2">
          Over time
        </Typography>
        <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
          <RangePicker
            value={range.key}
            onChange={(key) => {
              setEnd(endOfMinute(Date.now()));
              setParams({ range: key });
            }}
          />
          {shown && (
            <Typography variant="pi" textColor="neutral600" data-testid="performance-resolution">
              {`Last ${range.label}, ${STEP_NAMES[shown.data.stepSeconds] ?? `${shown.data.stepSeconds}-second`} steps`}
            </Typography>
          )}
        </Flex>
        {charts}
      </Flex>
    </Flex>
  );
};

export const PerformancePage = () => (
  <Page.Main>
    <Page.Title>EasyCars performance</Page.Title>
    <Layouts.Header title="Performance" subtitle="How long syncs take, how EasyCars answers, and what runs now" />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.read}>
        <PerformanceContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
