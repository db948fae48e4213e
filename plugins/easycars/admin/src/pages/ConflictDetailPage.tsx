/**
 * One conflict: every field of the record on both sides and the base, when each side last changed, and (while open,
 * for those allowed to resolve) the choice of resolution with its preview.
 */
import { usePermission } from '../hooks/usePermission';
import { PERMISSIONS } from '../permissions';
import { Alert, Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { NavLink, useNavigate, useParams } from 'react-router-dom';
import { ConflictDiff } from '../components/ConflictDiff';
import { LabelledValue } from '../components/LabelledValue';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { ResolvePanel } from '../components/ResolvePanel';
import { useGetConflictQuery } from '../services/conflicts';
import { RESOLUTION_LABELS, STRATEGY_LABELS } from '../utils/conflicts';
import { formatWhen } from '../utils/runs';

const DetailContent = ({ id }: { id: number }) => {
  const { currentData, isError, error, refetch } = useGetConflictQuery(id);
  const { allowed: canResolve } = usePermission('resolve');
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  if (!currentData && !isError) return <LoadingState label="Loading the conflict…" />;
  if (!currentData) return <LoadErrorState what="conflict" error={error} onRetry={() => void refetch()} />;
  const conflict = currentData.data;
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Flex gap={6} wrap="wrap" alignItems="flex-start">
        <LabelledValue label="Record">
          <Typography>
            {conflict.label} ({conflict.entity === 'vehicle' ? 'vehicle' : 'lead'},{' '}
            {conflict.connectionName ?? conflict.connectionId})
          </Typography>
        </LabelledValue>
        <LabelledValue label="Conflicting fields">
          <Typography>{conflict.fields.join(', ')}</Typography>
        </LabelledValue>
        <LabelledValue label="Local, last modified">
          <Typography data-testid="local-modified">
            {formatWhen(conflict.localModified.at)}
            {conflict.localModified.by ? ` by ${conflict.localModified.by}` : ''}
          </Typography>
        </LabelledValue>
        <LabelledValue label="EasyCars, value first seen">
          <Typography>{formatWhen(conflict.easycarsSeenAt)}</Typography>
        </LabelledValue>
        <LabelledValue label="Strategy">
          <Typography>{STRATEGY_LABELS[conflict.strategy]}</Typography>
        </LabelledValue>
      </Flex>
      <Typography variant="pi" textColor="neutral600">
        {conflict.easycarsTimeNote} {conflict.easycarsNote}
      </Typography>
      {conflict.status === 'resolved' && (
        <Alert variant="success" title="Resolved" closeLabel="Close" onClose={() => undefined}>
          {conflict.resolution ? RESOLUTION_LABELS[conflict.resolution] : 'Resolved'}
          {conflict.resolvedByName ? ` by ${conflict.resolvedByName}` : ''} on {formatWhen(conflict.resolvedAt)}
        </Alert>
      )}
      <ConflictDiff rows={conflict.rows} />
      {conflict.status === 'open' && canResolve && (
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <ResolvePanel
            conflict={conflict}
            onResolved={() => {
              toggleNotification({ type: 'success', message: `Conflict on “${conflict.label}” resolved` });
              navigate('..', { relative: 'path' });
            }}
          />
        </Box>
      )}
      {conflict.status === 'open' && !canResolve && (
        <Typography variant="pi" textColor="neutral600">
          Resolving needs the EasyCars permission “Resolve conflicts”.
        </Typography>
      )}
    </Flex>
  );
};

export const ConflictDetailPage = () => {
  const { id } = useParams();
  const numeric = Number(id);
  return (
    <Page.Main>
      <Page.Title>EasyCars conflict</Page.Title>
      <Layouts.Header
        title={`Conflict ${id}`}
        subtitle="Local and EasyCars side by side"
        navigationAction={
          <Button variant="tertiary" tag={NavLink} to=".." relative="path" startIcon={<ArrowLeft />}>
            All conflicts
          </Button>
        }
      />
      <Layouts.Content>
        <Page.Protect permissions={PERMISSIONS.read}>
          {Number.isInteger(numeric) && numeric > 0 ? <DetailContent id={numeric} /> : <Page.Error />}
        </Page.Protect>
      </Layouts.Content>
    </Page.Main>
  );
};
