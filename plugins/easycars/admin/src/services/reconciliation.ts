/**
 * The reconciliation endpoints: start one, list the reports, read one and its discrepancies, act on discrepancies
 * (at once, or as a background job followed until it ends), download a report. Reports carry the `Reconciliation`
 * tag, discrepancies `Discrepancy`; whatever shows a queued or running reconciliation asks for it again every
 * POLL_INTERVAL_MS.
 */
import { downloadFile } from './runs';
import type {
  DiscrepancyActionJob,
  DiscrepancyActionJobs,
  DiscrepancyActions,
  DiscrepancyCategory,
  DiscrepancyEntity,
  DiscrepancySeverity,
  GetReconciliation,
  ListDiscrepancies,
  ListReconciliations,
  Reconciliation,
  ReconciliationExportFormat,
  StartReconciliation,
} from '../../../shared/contracts/reconciliation';
import { RECONCILIATION_EXPORT_PREFIX } from '../../../shared/contracts/reconciliation';
import { isActive, queryString } from '../utils/runs';
import { POLL_INTERVAL_MS, easycarsApi } from './api';
import { detailsOf, statusOf } from './errors';

export interface ReconciliationsFilter {
  connectionId?: string;
  page: number;
  pageSize: number;
}

export interface DiscrepanciesFilter {
  reconciliationId: number;
  entity?: DiscrepancyEntity;
  category?: DiscrepancyCategory;
  severity?: DiscrepancySeverity;
  q?: string;
  page: number;
  pageSize: number;
}

/** An action's answer: the outcomes when carried out at once, or the job when it went to the background. */
export type ActionAnswer =
  | { kind: 'done'; answer: DiscrepancyActions.Response }
  | { kind: 'job'; job: DiscrepancyActionJob };

const LIST = { type: 'Reconciliation', id: 'LIST' } as const;
const DISCREPANCIES = { type: 'Discrepancy', id: 'LIST' } as const;
const reportPath = (id: number) => `/easycars/reconciliations/${id}`;
const isFinished = (job: DiscrepancyActionJob) => job.status === 'succeeded' || job.status === 'failed';

/** The id of the active reconciliation named by a 409 answer to a start, or null for any other error. */
export function activeReconciliationOf(error: unknown): number | null {
  if (statusOf(error) !== 409) return null;
  const runId = (detailsOf(error) as Partial<StartReconciliation.Conflict['error']['details']> | undefined)?.runId;
  return typeof runId === 'number' ? runId : null;
}

const reconciliationApi = easycarsApi
  .enhanceEndpoints({ addTagTypes: ['Reconciliation', 'Discrepancy', 'Audit'] })
  .injectEndpoints({
    endpoints: (build) => ({
      listEasycarsReconciliations: build.query<ListReconciliations.Response, ReconciliationsFilter>({
        query: (filter) => `/easycars/reconciliations?${queryString({ ...filter })}`,
        providesTags: (result) => [
          LIST,
          ...(result?.data ?? []).map(({ id }) => ({ type: 'Reconciliation' as const, id })),
        ],
        keepUnusedDataFor: 0,
      }),
      getEasycarsReconciliation: build.query<GetReconciliation.Response, number>({
        query: reportPath,
        providesTags: (_result, _error, id) => [{ type: 'Reconciliation', id }],
      }),
      listEasycarsDiscrepancies: build.query<ListDiscrepancies.Response, DiscrepanciesFilter>({
        query: ({ reconciliationId, ...filter }) =>
          `${reportPath(reconciliationId)}/discrepancies?${queryString({ ...filter })}`,
        providesTags: [DISCREPANCIES],
        keepUnusedDataFor: 0,
      }),
      startEasycarsReconciliation: build.mutation<StartReconciliation.Response, StartReconciliation.Request>({
        query: (body) => ({ url: '/easycars/reconciliations', method: 'POST', data: body }),
        invalidatesTags: [LIST],
      }),
      actOnEasycarsDiscrepancies: build.mutation<ActionAnswer, DiscrepancyActions.Request>({
        async queryFn(body, _api, _extra, baseQuery) {
          const answer = await baseQuery({ url: '/easycars/discrepancies/actions', method: 'POST', data: body });
          if (answer.error) return { error: answer.error };
          const data = answer.data as DiscrepancyActions.Response | DiscrepancyActionJobs.Accepted;
          return {
            data: Array.isArray(data.data)
              ? { kind: 'done', answer: data as DiscrepancyActions.Response }
              : { kind: 'job', job: (data as DiscrepancyActionJobs.Accepted).data },
          };
        },
        // a background job changes the rows as it goes: they are asked for again when it ends (the job's query)
        invalidatesTags: (result) => (result?.kind === 'done' ? [DISCREPANCIES, { type: 'Audit', id: 'LIST' }] : []),
      }),
      getEasycarsDiscrepancyActionJob: build.query<DiscrepancyActionJobs.Response, number>({
        query: (id) => `/easycars/discrepancies/actions/${id}`,
        keepUnusedDataFor: 0,
        async onQueryStarted(_id, { dispatch, queryFulfilled }) {
          const answer = await queryFulfilled.catch(() => null);
          if (answer && isFinished(answer.data.data))
            dispatch(reconciliationApi.util.invalidateTags([DISCREPANCIES, { type: 'Audit', id: 'LIST' }]));
        },
      }),
    }),
  });

export const {
  useStartEasycarsReconciliationMutation: useStartReconciliationMutation,
  useActOnEasycarsDiscrepanciesMutation: useDiscrepancyActionMutation,
} = reconciliationApi;

/** A page of reports, asked for again while one on it is queued or running. */
export function useReconciliationsQuery(filter: ReconciliationsFilter) {
  const { currentData } = reconciliationApi.endpoints.listEasycarsReconciliations.useQueryState(filter);
  const active = currentData?.data.some(isActive) ?? false;
  return reconciliationApi.useListEasycarsReconciliationsQuery(filter, {
    pollingInterval: active ? POLL_INTERVAL_MS : 0,
  });
}

/** One report, asked for again while it is queued or running; `skip` while there is none to follow. */
export function useReconciliationQuery(id: number | null) {
  const skip = id === null;
  const { currentData } = reconciliationApi.endpoints.getEasycarsReconciliation.useQueryState(id ?? 0, { skip });
  const active = currentData ? isActive(currentData.data) : false;
  return reconciliationApi.useGetEasycarsReconciliationQuery(id ?? 0, {
    skip,
    pollingInterval: active ? POLL_INTERVAL_MS : 0,
  });
}

/** A page of a report's discrepancies; skipped while the report is still being made. */
export function useDiscrepanciesQuery(filter: DiscrepanciesFilter, skip: boolean) {
  return reconciliationApi.useListEasycarsDiscrepanciesQuery(filter, { skip });
}

/** A background action, asked again every second until it has finished. */
export function useDiscrepancyActionJob(jobId: number | null) {
  const skip = jobId === null;
  const id = jobId ?? 0;
  const { currentData } = reconciliationApi.endpoints.getEasycarsDiscrepancyActionJob.useQueryState(id, { skip });
  const finished = currentData ? isFinished(currentData.data) : false;
  return reconciliationApi.useGetEasycarsDiscrepancyActionJobQuery(id, {
    skip,
    pollingInterval: finished ? 0 : POLL_INTERVAL_MS,
  });
}

export const isFinishedActionJob = isFinished;

/** Downloads a report as PDF or CSV through Strapi's fetch client (which sends the admin's token). */
export async function downloadReport(report: Pick<Reconciliation, 'id'>, format: ReconciliationExportFormat) {
  return downloadFile(
    `${reportPath(report.id)}/export?format=${format}`,
    `${RECONCILIATION_EXPORT_PREFIX}-${report.id}.${format}`
  );
}
