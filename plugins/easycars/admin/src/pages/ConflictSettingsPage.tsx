/**
 * EasyCars → Settings → Conflicts: how the stock sync settles a field changed on both sides — a default strategy
 * and per-field overrides — and who hears about conflicts waiting for review. Saved in the plugin's store; until
 * then config/plugins.ts decides.
 */
import { PERMISSIONS } from '../permissions';
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { CONFLICT_STRATEGIES, type ConflictStrategy } from '../../../shared/contracts/conflicts';
import type { GetSettings } from '../../../shared/contracts/settings';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { useErrorMessage } from '../services/errors';
import { useGetSettingsQuery, useUpdateSettingsMutation } from '../services/settings';
import { STRATEGY_LABELS } from '../utils/conflicts';

const StrategySelect = ({
  label,
  value,
  onChange,
}: {
  label: string;
  value: ConflictStrategy;
  onChange: (v: ConflictStrategy) => void;
}) => (
  <SingleSelect aria-label={label} value={value} onChange={(v) => onChange(v as ConflictStrategy)}>
    {CONFLICT_STRATEGIES.map((s) => (
      <SingleSelectOption key={s} value={s}>
        {STRATEGY_LABELS[s]}
      </SingleSelectOption>
    ))}
  </SingleSelect>
);

const SettingsForm = () => {
  const { currentData, isError, error, refetch } = useGetSettingsQuery();
  if (!currentData && !isError) return <LoadingState label="Loading settings…" />;
  if (!currentData) return <LoadErrorState what="settings" error={error} onRetry={() => void refetch()} />;
  return <SettingsEditor settings={currentData} />;
};

/** The form, starting from the saved settings. */
const SettingsEditor = ({ settings }: { settings: GetSettings.Response }) => {
  const [save, saving] = useUpdateSettingsMutation();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  const [strategy, setStrategy] = useState<ConflictStrategy>(settings.data.conflictStrategy);
  const [overrides, setOverrides] = useState<Array<[string, ConflictStrategy]>>(
    Object.entries(settings.data.fieldStrategies)
  );
  const [recipients, setRecipients] = useState(settings.data.notificationRecipients.join('\n'));
  const [problem, setProblem] = useState<string | null>(null);
  const [newField, setNewField] = useState('');
  const { fields } = settings.meta;
  const allFields = [...new Set([...fields.vehicle, ...fields.lead])].filter((f) => !overrides.some(([o]) => o === f));

  const submit = async () => {
    setProblem(null);
    try {
      await save({
        conflictStrategy: strategy,
        fieldStrategies: Object.fromEntries(overrides),
        notificationRecipients: recipients
          .split(/[\s,;]+/)
          .map((r) => r.trim())
          .filter(Boolean),
      }).unwrap();
      toggleNotification({ type: 'success', message: 'Conflict settings saved' });
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={6} data-testid="conflict-settings">
      <Box maxWidth="40rem">
        <Field.Root
          hint={`Until saved here, config/plugins.ts says: ${STRATEGY_LABELS[settings.meta.configStrategy]}.`}
        >
          <Field.Label>Default strategy</Field.Label>
          <StrategySelect label="Default strategy" value={strategy} onChange={setStrategy} />
          <Field.Hint />
        </Field.Root>
      </Box>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="delta" tag="h2">
          Per-field strategies
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          A field listed here is settled by its own strategy, e.g. price: EasyCars wins; description: Local wins.
        </Typography>
        {overrides.map(([field, s], i) => (
          <Flex key={field} gap={2} wrap="wrap" alignItems="center">
            <Box minWidth="12rem">
              <Typography fontWeight="bold">{field}</Typography>
            </Box>
            <Box minWidth="16rem">
              <StrategySelect
                label={`Strategy of ${field}`}
                value={s}
                onChange={(v) => setOverrides(overrides.map((o, j) => (j === i ? [field, v] : o)))}
              />
            </Box>
            <IconButton label={`Remove ${field}`} onClick={() => setOverrides(overrides.filter((_, j) => j !== i))}>
              <Trash />
            </IconButton>
          </Flex>
        ))}
        <Flex gap={2} wrap="wrap" alignItems="flex-end">
          <Box minWidth="16rem">
            <Field.Root>
              <Field.Label>Add a field</Field.Label>
              <SingleSelect
                aria-label="Add a field"
                value={newField}
                onChange={(v) => setNewField(String(v))}
                placeholder="Choose a field"
              >
                {allFields.map((f) => (
                  <SingleSelectOption key={f} value={f}>
                    {f}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Box>
          <Button
            variant="secondary"
            startIcon={<Plus />}
            disabled={!newField}
            onClick={() => {
              setOverrides([...overrides, [newField, strategy]]);
              setNewField('');
            }}
          >
            Add
          </Button>
        </Flex>
      </Flex>
      <Box maxWidth="40rem">
        <Field.Root hint="One e-mail address a line. They receive one e-mail per sync that opens conflicts for review.">
          <Field.Label>Notification recipients</Field.Label>
          <Textarea
            value={recipients}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setRecipients(e.target.value)}
          />
          <Field.Hint />
        </Field.Root>
      </Box>
      {problem && (
        <Alert variant="danger" title="Not saved" onClose={() => setProblem(null)} closeLabel="Close">
          {problem}
        </Alert>
      )}
      <Flex>
        <Button loading={saving.isLoading} onClick={() => void submit()}>
          Save
        </Button>
      </Flex>
    </Flex>
  );
};

export const ConflictSettingsPage = () => (
  <Page.Main>
    <Page.Title>EasyCars conflict settings</Page.Title>
    <Layouts.Header title="Conflict strategies" subtitle="How a field changed both here and in EasyCars is settled" />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.settings}>
        <SettingsForm />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
