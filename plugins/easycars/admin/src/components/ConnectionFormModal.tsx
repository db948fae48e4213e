/**
 * Create or edit a connection in a modal. The form is checked with the shared schemas before it is sent,
 * and a 400 from the server is shown under the fields it names.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  Modal,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Play } from '@strapi/icons';
import {
  DEFAULT_LEAD_SCHEDULE,
  DEFAULT_RECONCILIATION_SCHEDULE,
  DEFAULT_STOCK_SCHEDULE,
  ENVIRONMENTS,
  type Connection,
  type Environment,
  type TestConnectionInput,
} from '../../../shared/contracts/connections';
import {
  useCreateConnectionMutation,
  useTestConnectionMutation,
  useTestSavedConnectionMutation,
  useUpdateConnectionMutation,
} from '../services/connections';
import { useErrorMessage } from '../services/errors';
import {
  CREDENTIAL_FIELDS,
  FIELD_LABELS,
  checkCreate,
  checkTest,
  checkUpdate,
  emptyFormValues,
  enteredCredentials,
  formValuesFrom,
  movesCredentials,
  serverFieldErrors,
  type Checked,
  type ConnectionFormValues,
  type FieldErrors,
  type FieldName,
} from '../utils/connectionForm';
import { outcomeOf, outcomeOfError, type TestOutcome } from '../utils/testOutcome';
import { TestResultAlert } from './TestResultAlert';

export interface ConnectionFormModalProps {
  /** null to create a new connection */
  connection: Connection | null;
  onClose: () => void;
  onSaved: (connection: Connection, created: boolean, warnings: string[]) => void;
}

const ENVIRONMENT_LABELS: Record<Environment, string> = { test: 'Test', production: 'Production' };

export const ConnectionFormModal = ({ connection, onClose, onSaved }: ConnectionFormModalProps) => {
  const [createConnection] = useCreateConnectionMutation();
  const [updateConnection] = useUpdateConnectionMutation();
  const [testConnection] = useTestConnectionMutation();
  const [testSavedConnection] = useTestSavedConnectionMutation();
  const errorMessage = useErrorMessage();
  const isEdit = connection !== null;
  const needsReentry = connection?.credentials.status === 'needs-reentry';

  const [values, setValues] = useState<ConnectionFormValues>(() =>
    connection ? formValuesFrom(connection) : emptyFormValues()
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // another base URL or environment: the saved secrets are never sent there, so all four are entered again
  const moving = connection !== null && !needsReentry && movesCredentials(connection, values);
  const mustEnterAll = needsReentry || moving;
  const changingAccount = isEdit && values.accountNumber.trim() !== '';

  // the result sits at the bottom of a scrolling body: bring it into view
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);

  const setField = <K extends FieldName>(name: K, value: ConnectionFormValues[K]) => {
    setValues((prev) => ({ ...prev, [name]: value }));
    setErrors((prev) => (prev[name] ? { ...prev, [name]: undefined } : prev));
  };

  const showErrors = (fieldErrors: FieldErrors, other: string[]) => {
    setErrors(fieldErrors);
    const hasFieldErrors = Object.values(fieldErrors).some(Boolean);
    setFormError(other.length > 0 ? other.join('; ') : hasFieldErrors ? 'Check the highlighted fields.' : null);
  };

  /** Unreadable saved credentials, or a new place to send them to: all four are required. */
  const reentryErrors = (): FieldErrors => {
    if (!mustEnterAll) return {};
    const why = needsReentry ? 'the saved value can no longer be read' : 'the base URL or environment changed';
    const missing: FieldErrors = {};
    for (const field of CREDENTIAL_FIELDS) {
      if (values[field].trim() === '') missing[field] = `${FIELD_LABELS[field]} is required: ${why}`;
    }
    return missing;
  };

  /** The checked request for "Save": an update on edit, a create otherwise. */
  const prepareSave = (): Checked<() => Promise<{ connection: Connection; warnings: string[] }>> => {
    if (connection) {
      const checked = checkUpdate(values);
      if (!checked.ok) return checked;
      return {
        ok: true,
        data: async () => {
          const saved = await updateConnection({ id: connection.id, input: checked.data }).unwrap();
          return { connection: saved.data, warnings: saved.meta.warnings ?? [] };
        },
      };
    }
    const checked = checkCreate(values);
    return checked.ok
      ? {
          ok: true,
          data: async () => ({ connection: (await createConnection(checked.data).unwrap()).data, warnings: [] }),
        }
      : checked;
  };

  /** Resolves to the saved connection, or null when it was not saved (the errors are then shown). */
  const save = async (): Promise<{ connection: Connection; warnings: string[] } | null> => {
    const missing = reentryErrors();
    const request = prepareSave();
    if (!request.ok || Object.keys(missing).length > 0) {
      showErrors({ ...missing, ...(request.ok ? {} : request.errors) }, request.ok ? [] : request.other);
      return null;
    }
    setFormError(null);
    try {
      return await request.data();
    } catch (error) {
      const server = serverFieldErrors(error);
      if (server) showErrors(server.errors, server.other);
      else setFormError(errorMessage(error));
      return null;
    }
  };

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const saved = await save();
    setSaving(false);
    if (saved) onSaved(saved.connection, !isEdit, saved.warnings);
  };

  /** Which request a click on "Test connection" makes, or why it makes none. */
  const planTest = ():
    | { kind: 'saved'; id: string }
    | { kind: 'unsaved'; input: TestConnectionInput }
    | { kind: 'blocked'; outcome: TestOutcome; errors?: FieldErrors } => {
    const entered = enteredCredentials(values);
    // on edit, blank credentials mean "the saved ones": test the saved connection as it is stored
    if (connection && entered === 0 && !mustEnterAll) return { kind: 'saved', id: connection.id };
    if (connection && entered < CREDENTIAL_FIELDS.length) {
      return {
        kind: 'blocked',
        outcome: {
          variant: 'warning',
          title: 'Enter all four credentials to test them',
          message: needsReentry
            ? 'The saved credentials can no longer be read. Enter the Client ID, Client secret, Account number and Account secret.'
            : moving
              ? 'The base URL or environment changed: the saved credentials are not sent there. Enter all four to test.'
              : 'Leave all four credential fields blank to test the saved connection, or enter all four to test new ones.',
        },
      };
    }
    const checked = checkTest(values);
    if (checked.ok) return { kind: 'unsaved', input: checked.data };
    return {
      kind: 'blocked',
      errors: checked.errors,
      outcome: {
        variant: 'warning',
        title: 'The test needs complete settings',
        message: 'Fill in the highlighted fields, then test again.',
      },
    };
  };

  const runTest = async () => {
    setOutcome(null);
    const plan = planTest();
    if (plan.kind === 'blocked') {
      if (plan.errors) setErrors((prev) => ({ ...prev, ...plan.errors }));
      setOutcome(plan.outcome);
      return;
    }
    setTesting(true);
    try {
      // testing a saved connection records the outcome, which refreshes the list behind the form
      const tested = plan.kind === 'saved' ? testSavedConnection(plan.id) : testConnection(plan.input);
      setOutcome(outcomeOf((await tested.unwrap()).data));
    } catch (error) {
      const server = serverFieldErrors(error);
      if (server) setErrors((prev) => ({ ...prev, ...server.errors }));
      setOutcome(outcomeOfError(errorMessage(error)));
    } finally {
      setTesting(false);
    }
  };

  const credentialHint = isEdit
    ? needsReentry
      ? 'Required: the saved value can no longer be read'
      : moving
        ? 'Required: the base URL or environment changed'
        : 'Leave blank to keep the saved value'
    : undefined;

  const textField = (
    name: FieldName,
    options: { hint?: string; required?: boolean; placeholder?: string; secret?: boolean } = {}
  ) => (
    <Field.Root name={name} error={errors[name]} hint={options.hint} required={options.required} width="100%">
      <Field.Label>{FIELD_LABELS[name]}</Field.Label>
      <TextInput
        type={options.secret ? 'password' : 'text'}
        // keeps the browser from filling in the admin's own login password
        autoComplete={options.secret ? 'new-password' : 'off'}
        placeholder={options.placeholder}
        value={values[name] as string}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setField(name, e.target.value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  const half = { col: 6, m: 6, xs: 12, direction: 'column', alignItems: 'stretch' } as const;
  const full = { col: 12, direction: 'column', alignItems: 'stretch' } as const;

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
        <form onSubmit={handleSubmit} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>{isEdit ? `Edit “${connection.name}”` : 'Add an EasyCars connection'}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={6}>
              {needsReentry && (
                <Alert variant="warning" title="Needs re-entry" closeLabel="Dismiss">
                  The saved credentials can no longer be read (the encryption key or where EasyCars is reached changed).
                  Enter all four again and save.
                </Alert>
              )}
              {moving && (
                <Alert variant="warning" title="Enter the credentials again" closeLabel="Dismiss">
                  The base URL or environment changed. The saved credentials are only ever sent where they were entered
                  for, so enter all four again for the new address.
                </Alert>
              )}
              {changingAccount && (
                <Alert variant="warning" title="Changing the account number" closeLabel="Dismiss">
                  Leads already sent to EasyCars belong to the account they were sent to. If this is another account,
                  they stay readable here but are never sent again or refreshed from the new account.
                </Alert>
              )}
              {formError && (
                <Alert variant="danger" title="Not saved" closeLabel="Dismiss" onClose={() => setFormError(null)}>
                  {formError}
                </Alert>
              )}

              <Grid.Root gap={5}>
                <Grid.Item {...half}>{textField('name', { required: true, placeholder: 'e.g. Main yard' })}</Grid.Item>
                <Grid.Item {...half}>
                  <Field.Root name="environment" error={errors.environment} required width="100%">
                    <Field.Label>{FIELD_LABELS.environment}</Field.Label>
                    <SingleSelect
                      value={values.environment}
                      onChange={(value) => setField('environment', value as Environment)}
                    >
                      {ENVIRONMENTS.map((env) => (
                        <SingleSelectOption key={env} value={env}>
                          {ENVIRONMENT_LABELS[env]}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item {...full}>
                  {textField('baseUrl', {
                    hint: 'Optional. Only to point at the EasyCars sandbox or a proxy; its origin must be listed in EASYCARS_ALLOWED_BASE_URLS on the server.',
                    placeholder: 'https://…',
                  })}
                </Grid.Item>
              </Grid.Root>

              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography variant="delta" tag="h3">
                  Credentials
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  From your EasyCars account: the Client ID and secret identify this site, the Account number and secret
                  identify the dealership.
                </Typography>
                <Grid.Root gap={5}>
                  <Grid.Item {...half}>
                    {textField('clientId', { required: !isEdit || mustEnterAll, secret: true, hint: credentialHint })}
                  </Grid.Item>
                  <Grid.Item {...half}>
                    {textField('clientSecret', {
                      required: !isEdit || mustEnterAll,
                      secret: true,
                      hint: credentialHint,
                    })}
                  </Grid.Item>
                  <Grid.Item {...half}>
                    {textField('accountNumber', {
                      required: !isEdit || mustEnterAll,
                      secret: true,
                      hint: credentialHint,
                    })}
                  </Grid.Item>
                  <Grid.Item {...half}>
                    {textField('accountSecret', {
                      required: !isEdit || mustEnterAll,
                      secret: true,
                      hint: credentialHint,
                    })}
                  </Grid.Item>
                </Grid.Root>
              </Flex>

              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography variant="delta" tag="h3">
                  Sync
                </Typography>
                <Grid.Root gap={5}>
                  <Grid.Item {...half}>
                    {textField('yardCode', { hint: 'Optional. Limits the stock to one yard of the account.' })}
                  </Grid.Item>
                  <Grid.Item {...half}>
                    <Field.Root name="enabled" hint="Off pauses syncing; the settings are kept." width="100%">
                      <Field.Label>{FIELD_LABELS.enabled}</Field.Label>
                      <Toggle
                        onLabel="On"
                        offLabel="Off"
                        checked={values.enabled}
                        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setField('enabled', e.target.checked)}
                      />
                      <Field.Hint />
                    </Field.Root>
                  </Grid.Item>
                  <Grid.Item {...half}>
                    {textField('stockSchedule', {
                      hint: `When to fetch the stock, as a cron expression. Default: ${DEFAULT_STOCK_SCHEDULE} (every 30 minutes).`,
                    })}
                  </Grid.Item>
                  <Grid.Item {...half}>
                    {textField('leadSchedule', {
                      hint: `When to exchange leads, as a cron expression. Default: ${DEFAULT_LEAD_SCHEDULE} (every 15 minutes).`,
                    })}
                  </Grid.Item>
                  <Grid.Item {...half}>
                    {textField('reconciliationSchedule', {
                      hint: `When to compare the site with EasyCars and e-mail the report, as a cron expression; blank: never on a schedule. Default: ${DEFAULT_RECONCILIATION_SCHEDULE} (Monday 06:00).`,
                    })}
                  </Grid.Item>
                </Grid.Root>
              </Flex>

              <Box ref={outcomeRef} background="neutral100" hasRadius padding={4}>
                <Flex direction="column" alignItems="stretch" gap={3}>
                  <Flex gap={3} wrap="wrap" alignItems="center">
                    <Button type="button" variant="secondary" startIcon={<Play />} loading={testing} onClick={runTest}>
                      Test connection
                    </Button>
                    <Typography variant="pi" textColor="neutral600">
                      {isEdit && !mustEnterAll
                        ? 'With the four credential fields blank, this tests the saved connection as saved. Enter all four to test new ones with the settings above.'
                        : 'Checks the settings above with EasyCars. Nothing is saved.'}
                    </Typography>
                  </Flex>
                  {outcome && <TestResultAlert outcome={outcome} onClose={() => setOutcome(null)} />}
                </Flex>
              </Box>
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button type="button" variant="tertiary">
                Cancel
              </Button>
            </Modal.Close>
            <Button type="submit" loading={saving}>
              Save
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
