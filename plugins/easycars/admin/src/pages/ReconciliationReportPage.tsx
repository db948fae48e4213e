/**
 * One reconciliation report: its summary (progress while it runs), then its discrepancies in a table per entity and
 * category, filtered by entity, category, severity and a search kept in the address, a page at a time. Rows are
 * acted on one by one or in a batch (ticked rows, or every row matching the filters); a large batch runs as the
 * server's background job with its progress shown.
 */
import { useCallback, useState } from 'react';
import { Alert, Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useParams, useSearchParams } from 'react-router-dom';
import type {
  ActionOutcome,
  Discrepancy,
  DiscrepancyAction,
  Reconciliation,
} from '../../../shared/contracts/reconciliation';
import { PageControls } from '../components/PageControls';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { ActionJobProgress, ActionSummary } from '../components/reconciliation/ActionJobProgress';
import { DiscrepancyDetail } from '../components/reconciliation/DiscrepancyDetail';
import { DiscrepancyFilters } from '../components/reconciliation/DiscrepancyFilters';
import { DiscrepancyTables } from '../components/reconciliation/DiscrepancyTables';
import { IgnoreDialog } from '../components/reconciliation/IgnoreDialog';
import { ReportSummary } from '../components/reconciliation/ReportSummary';
import {
  ACTION_LABELS,
  filterOf,
  isFilteredView,
  paramsOf,
  totalOf,
  viewOf,
  type DiscrepancyView,
} from '../components/reconciliation/labels';
import { usePermission } from '../hooks/usePermission';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { useErrorMessage } from '../services/errors';
import {
  isFinishedActionJob,
  useDiscrepanciesQuery,
  useDiscrepancyActionJob,
  useDiscrepancyActionMutation,
  useReconciliationQuery,
} from '../services/reconciliation';
import { isActive } from '../utils/runs';

const PAGE_SIZE = 50;
/** Batches larger than this go to the server's background job, with a progress bar. */
const AT_ONCE = 25;

type Target = { ids: number[] } | { matching: number };
const countOf = (target: Target) => ('ids' in target ? target.ids.length : target.matching);

const Discrepancies = ({ report }: { report: Reconciliation }) => {
  const [params, setParams] = useSearchParams();
  const view = viewOf(params);
  const go = useCallback(
    (change: Partial<DiscrepancyView>) =>
      setParams((current) => paramsOf({ ...viewOf(current), page: 1, ...change }), { replace: false }),
    [setParams]
  );
  const { allowed: canAct } = usePermission('sync');
  const errorMessage = useErrorMessage();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [outcomes, setOutcomes] = useState<Map<number, { action: DiscrepancyAction; outcome: ActionOutcome }>>(
    new Map()
  );
  const [busy, setBusy] = useState<Set<number>>(new Set());
  const [ignoring, setIgnoring] = useState<Target | null>(null);
  const [detail, setDetail] = useState<Discrepancy | null>(null);
  const [summary, setSummary] = useState<{ action: DiscrepancyAction; outcomes: ActionOutcome[] } | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [actOn, acting] = useDiscrepancyActionMutation();
  const { currentData: jobAnswer } = useDiscrepancyActionJob(jobId);
  const job = jobAnswer?.data ?? null;
  const jobRunning = jobId !== null && (!job || !isFinishedActionJob(job));

  const { currentData, isError, error, refetch } = useDiscrepanciesQuery(
    { reconciliationId: report.id, ...filterOf(view), page: view.page, pageSize: PAGE_SIZE },
    false
  );
  const rows = currentData?.data ?? [];
  const matchingCount = currentData?.meta.pagination.total ?? 0;
  const chosen: Target | null = allMatching
    ? { matching: matchingCount }
    : selected.size > 0
      ? { ids: [...selected] }
      : null;

  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  const change = (next: Partial<DiscrepancyView>) => {
    clearSelection();
    go(next);
  };

  const act = async (action: DiscrepancyAction, target: Target, reason?: string) => {
    const batch = !('ids' in target) || target.ids.length > 1;
    const ids = 'ids' in target ? target.ids : rows.map((d) => d.id);
    setActionError(null);
    setBusy((b) => new Set([...b, ...ids]));
    try {
      const answer = await actOn({
        action,
        ...('ids' in target ? { ids: target.ids } : { reconciliationId: report.id, filter: filterOf(view) }),
        ...(reason ? { reason } : {}),
        ...(countOf(target) > AT_ONCE ? { background: true } : {}),
      }).unwrap();
      if (answer.kind === 'job') {
        setSummary(null);
        setJobId(answer.job.id);
        // the rows will show what the job recorded on them, once it has finished and they are read again
        setOutcomes((m) => ('ids' in target ? new Map([...m].filter(([id]) => !target.ids.includes(id))) : new Map()));
      } else {
        setOutcomes((m) => {
          const next = new Map(m);
          for (const outcome of answer.answer.data) next.set(outcome.id, { action, outcome });
          return next;
        });
        if (batch) setSummary({ action, outcomes: answer.answer.data });
      }
      if (batch) clearSelection();
    } catch (e) {
      setActionError(`${ACTION_LABELS[action]} did not go through: ${errorMessage(e)}`);
    } finally {
      setBusy((b) => new Set([...b].filter((id) => !ids.includes(id))));
    }
  };

  const onRowAction = (action: DiscrepancyAction, d: Discrepancy) =>
    action === 'ignore' ? setIgnoring({ ids: [d.id] }) : void act(action, { ids: [d.id] });
  const onBatch = (action: DiscrepancyAction) =>
    chosen && (action === 'ignore' ? setIgnoring(chosen) : void act(action, chosen));

  let content: React.ReactNode;
  if (!currentData && !isError) content = <LoadingState label="Loading discrepancies…" />;
  else if (!currentData) content = <LoadErrorState what="discrepancies" error={error} onRetry={() => void refetch()} />;
  else if (rows.length === 0)
    content = isFilteredView(view) ? (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No discrepancy matches these filters"
        action={
          <Button
            variant="secondary"
            onClick={() => change({ entity: undefined, category: undefined, severity: undefined, q: undefined })}
          >
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={matchingCount > 0 ? 'No discrepancy on this page' : 'No discrepancy is listed on this report'}
        action={
          matchingCount > 0 ? (
            <Button variant="secondary" onClick={() => change({ page: 1 })}>
              Go to the first page
            </Button>
          ) : undefined
        }
      />
    );
  else
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <DiscrepancyTables
          report={report}
          rows={rows}
          canAct={canAct}
          selected={allMatching ? new Set(rows.map((d) => d.id)) : selected}
          onToggle={(id, on) =>
            setSelected((s) => {
              // unticking one of "all matching" leaves the rest of this page ticked
              const next = new Set(allMatching ? rows.map((d) => d.id) : s);
              setAllMatching(false);
              if (on) next.add(id);
              else next.delete(id);
              return next;
            })
          }
          outcomes={outcomes}
          busy={busy}
          onAction={onRowAction}
          onDetails={setDetail}
        />
        <PageControls
          pagination={currentData.meta.pagination}
          noun={['discrepancy', 'discrepancies']}
          onPage={(page) => go({ page })}
          testId="discrepancies-page-info"
        />
      </Flex>
    );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <DiscrepancyFilters view={view} onChange={change} />
      {actionError && (
        <Alert
          variant="danger"
          title="The action did not start"
          onClose={() => setActionError(null)}
          closeLabel="Close"
        >
          {actionError}
        </Alert>
      )}
      {job && <ActionJobProgress job={job} onClose={() => setJobId(null)} />}
      {summary && (
        <ActionSummary action={summary.action} outcomes={summary.outcomes} onClose={() => setSummary(null)} />
      )}
      {canAct && rows.length > 0 && (
        <Flex gap={2} wrap="wrap" alignItems="center" data-testid="batch-actions">
          <Button
            variant="tertiary"
            onClick={() => {
              setAllMatching(false);
              setSelected(new Set(rows.map((d) => d.id)));
            }}
          >
            Select all on this page
          </Button>
          {allMatching ? (
            <Typography variant="omega" fontWeight="bold">
              All {matchingCount} {isFilteredView(view) ? 'matching the filters' : 'discrepancies'} selected
            </Typography>
          ) : (
            matchingCount > rows.length && (
              <Button variant="tertiary" onClick={() => setAllMatching(true)}>
                Select all {matchingCount} {isFilteredView(view) ? 'matching the filters' : 'discrepancies'}
              </Button>
            )
          )}
          {chosen && (
            <Button variant="ghost" onClick={clearSelection}>
              Clear selection
            </Button>
          )}
          {(['pull', 'push', 'ignore'] as const).map((action) => (
            <Button
              key={action}
              variant="secondary"
              disabled={!chosen || jobRunning || acting.isLoading}
              onClick={() => onBatch(action)}
            >
              {ACTION_LABELS[action]}
              {chosen ? ` for ${countOf(chosen)} ${allMatching ? 'matching' : 'selected'}` : ''}
            </Button>
          ))}
          {acting.isLoading && <Loader small>Working…</Loader>}
        </Flex>
      )}
      {content}
      <IgnoreDialog
        count={ignoring ? countOf(ignoring) : null}
        onCancel={() => setIgnoring(null)}
        onConfirm={(reason) => {
          const target = ignoring;
          setIgnoring(null);
          if (target) void act('ignore', target, reason);
        }}
      />
      {detail && <DiscrepancyDetail discrepancy={detail} onClose={() => setDetail(null)} />}
    </Flex>
  );
};

const ReportContent = ({ id }: { id: number }) => {
  const { currentData, isError, error, refetch } = useReconciliationQuery(id);
  if (!currentData && !isError) return <LoadingState label="Loading the report…" />;
  if (!currentData) return <LoadErrorState what="report" error={error} onRetry={() => void refetch()} />;
  const report = currentData.data;
  const agrees = !isActive(report) && report.status !== 'failed' && totalOf(report) === 0;
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <ReportSummary report={report} />
      {isActive(report) ? (
        <Typography textColor="neutral600">The discrepancies appear here once it has finished.</Typography>
      ) : agrees ? (
        <EmptyStateLayout
          icon={<EmptyDocuments width="16rem" />}
          content={
            report.counts.ignored > 0
              ? `Everything agrees — apart from ${report.counts.ignored} ignored ${report.counts.ignored === 1 ? 'discrepancy' : 'discrepancies'}`
              : 'Everything agrees — the site and EasyCars hold the same vehicles and leads'
          }
        />
      ) : (
        <Discrepancies report={report} />
      )}
    </Flex>
  );
};

export const ReconciliationReportPage = () => {
  const { id } = useParams();
  const reportId = Number(id);
  const valid = Number.isInteger(reportId) && reportId > 0;
  return (
    <Page.Main>
      <Page.Title>EasyCars reconciliation report</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}/reconciliations`} />}
        title={valid ? `Reconciliation ${reportId}` : 'Reconciliation'}
        subtitle="Where the site and EasyCars differ, and what to do about each"
      />
      <Layouts.Content>
        <Page.Protect permissions={PERMISSIONS.read}>
          {valid ? (
            <ReportContent id={reportId} />
          ) : (
            <Box padding={4}>
              <Typography>There is no reconciliation {id}.</Typography>
            </Box>
          )}
        </Page.Protect>
      </Layouts.Content>
    </Page.Main>
  );
};
