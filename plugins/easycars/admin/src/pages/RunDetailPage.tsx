/**
 * One sync run: its summary and counts, who started it and how, the error and stack of a failure, every call to
 * EasyCars, and the records it touched with their before and after. Refreshes itself while the run is active.
 */
import { PERMISSIONS } from '../permissions';
import { Flex } from '@strapi/design-system';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import { EXPORT_FORMATS } from '../../../shared/contracts/sync';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { CallLog } from '../components/history/CallLog';
import { DownloadButtons } from '../components/DownloadButtons';
import { RunItems } from '../components/history/RunItems';
import { RunSummary } from '../components/history/RunSummary';
import { PLUGIN_ID } from '../pluginId';
import { downloadExport, useRunDetailQuery } from '../services/runs';
import { KIND_LABELS, formatWhen, runTimestamp } from '../utils/runs';

const RunDetail = ({ id }: { id: number }) => {
  const { currentData, isError, error, refetch } = useRunDetailQuery(id);
  if (!currentData && !isError) return <LoadingState label="Loading the sync run…" />;
  if (!currentData) return <LoadErrorState what="sync run" error={error} onRetry={() => void refetch()} />;
  const run = currentData.data;
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <RunSummary run={run} />
      <RunItems run={run} />
      <CallLog run={run} />
    </Flex>
  );
};

export const RunDetailPage = () => {
  const raw = useParams().id ?? '';
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  const { currentData } = useRunDetailQuery(id ?? 0, { skip: id === null });
  const run = currentData?.data;
  return (
    <Page.Main>
      <Page.Title>{`EasyCars sync run ${raw}`}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}/runs`} />}
        title={run ? `${KIND_LABELS[run.kind]} sync ${run.id}` : `Sync run ${raw}`}
        subtitle={run ? `${run.connectionName ?? run.connectionId} · ${formatWhen(runTimestamp(run))}` : undefined}
        secondaryAction={
          id !== null ? (
            <DownloadButtons formats={EXPORT_FORMATS} download={(format) => downloadExport({ runId: id }, format)} />
          ) : undefined
        }
      />
      <Layouts.Content>
        <Page.Protect permissions={PERMISSIONS.read}>
          {id === null ? <Page.Error /> : <RunDetail id={id} />}
        </Page.Protect>
      </Layouts.Content>
    </Page.Main>
  );
};
