/**
 * EasyCars → Settings → Alert rules: what is watched (failed runs, slow runs, EasyCars errors and throttling, stale
 * stock, late leads, a queue backing up), at which threshold, and who hears when a rule fires and recovers.
 */
import { useState } from 'react';
import { Button, EmptyStateLayout, Flex, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import type { AlertRule, AlertRuleInput } from '../../../shared/contracts/alerts';
import { DeleteRuleDialog } from '../components/alerts/DeleteRuleDialog';
import { RuleFormModal } from '../components/alerts/RuleFormModal';
import { RulesList } from '../components/alerts/RulesList';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { PERMISSIONS } from '../permissions';
import { useDeleteAlertRuleMutation, useListAlertRulesQuery, useUpdateAlertRuleMutation } from '../services/alerts';
import { useListConnectionsQuery } from '../services/connections';
import { useErrorMessage } from '../services/errors';

/** A rule as the PUT that replaces it takes it: its settings, without its state. */
const inputOf = (rule: AlertRule): AlertRuleInput => ({
  name: rule.name,
  type: rule.type,
  connectionId: rule.connectionId,
  kind: rule.kind,
  threshold: rule.threshold,
  windowMinutes: rule.windowMinutes,
  severity: rule.severity,
  recipients: rule.recipients,
  inApp: rule.inApp,
  enabled: rule.enabled,
});

const RulesContent = () => {
  const { currentData, isError, error, refetch } = useListAlertRulesQuery();
  const connections = useListConnectionsQuery();
  const [updateRule] = useUpdateAlertRuleMutation();
  const [deleteRule] = useDeleteAlertRuleMutation();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  // undefined: closed; null: a new rule
  const [editing, setEditing] = useState<AlertRule | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [toggling, setToggling] = useState<number | null>(null);

  const toggle = async (rule: AlertRule) => {
    setToggling(rule.id);
    try {
      await updateRule({ id: rule.id, input: { ...inputOf(rule), enabled: !rule.enabled } }).unwrap();
      toggleNotification({ type: 'success', message: `“${rule.name}” ${rule.enabled ? 'disabled' : 'enabled'}` });
    } catch (e) {
      toggleNotification({ type: 'danger', message: `“${rule.name}” was not changed: ${errorMessage(e)}` });
    } finally {
      setToggling(null);
    }
  };

  const remove = async (rule: AlertRule) => {
    try {
      await deleteRule(rule.id).unwrap();
      setDeleting(null);
      toggleNotification({ type: 'success', message: `“${rule.name}” deleted` });
    } catch (e) {
      toggleNotification({ type: 'danger', message: `“${rule.name}” was not deleted: ${errorMessage(e)}` });
    }
  };

  const addButton = (
    <Button startIcon={<Plus />} onClick={() => setEditing(null)}>
      Add an alert rule
    </Button>
  );

  let content: React.ReactNode;
  if ((!currentData && !isError) || (!connections.currentData && !connections.isError))
    content = <LoadingState label="Loading the alert rules…" />;
  else if (!currentData)
    // the rules are read with "Read sync data" (the page itself takes settings): a 403 names that one
    content = <LoadErrorState what="alert rules" error={error} onRetry={() => void refetch()} />;
  else if (currentData.data.length === 0)
    content = (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content="No alert rules yet — add one to hear when syncs fail, slow down or stop"
        action={addButton}
      />
    );
  else
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
          <Typography variant="pi" textColor="neutral600">
            A rule notifies once when it starts firing and once when it recovers.
          </Typography>
          {addButton}
        </Flex>
        <RulesList
          rules={currentData.data}
          connections={connections.currentData?.data ?? []}
          onEdit={setEditing}
          onDelete={setDeleting}
          onToggle={(rule) => void toggle(rule)}
          toggling={toggling}
        />
      </Flex>
    );

  return (
    <>
      {content}
      {editing !== undefined && (
        <RuleFormModal
          rule={editing}
          connections={connections.currentData?.data ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={(rule, created) => {
            setEditing(undefined);
            toggleNotification({ type: 'success', message: `“${rule.name}” ${created ? 'added' : 'saved'}` });
          }}
        />
      )}
      <DeleteRuleDialog rule={deleting} onCancel={() => setDeleting(null)} onConfirm={remove} />
    </>
  );
};

export const AlertRulesPage = () => (
  <Page.Main>
    <Page.Title>EasyCars alert rules</Page.Title>
    <Layouts.Header title="Alert rules" subtitle="What is watched, and who hears when it fires and recovers" />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.settings}>
        <RulesContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
