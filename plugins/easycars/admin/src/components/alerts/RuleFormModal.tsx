/**
 * Create or edit an alert rule in a modal. The fields follow the chosen type (a window only for the windowed types,
 * no sync type for lead_sla); the form is checked with the shared schema before it is sent, and a 400 from the
 * server is shown under the fields it names.
 */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Field,
  Flex,
  Grid,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import {
  ALERT_SEVERITIES,
  ALERT_TYPES,
  ALERT_TYPE_INFO,
  MAX_ALERT_RECIPIENTS,
  MAX_WINDOW_MINUTES,
  type AlertRule,
  type AlertSeverity,
  type AlertType,
} from '../../../../shared/contracts/alerts';
import type { Connection } from '../../../../shared/contracts/connections';
import { SYNC_KINDS, type SyncKind } from '../../../../shared/contracts/sync';
import { useCreateAlertRuleMutation, useUpdateAlertRuleMutation } from '../../services/alerts';
import { useErrorMessage } from '../../services/errors';
import { KIND_LABELS } from '../../utils/runs';
import {
  RULE_FIELD_LABELS,
  SEVERITY_LABELS,
  checkRule,
  emptyRuleValues,
  ruleValuesFrom,
  serverRuleErrors,
  thresholdHint,
  thresholdLabel,
  type RuleErrors,
  type RuleField,
  type RuleFormValues,
} from './ruleForm';

interface Props {
  /** null to create a new rule */
  rule: AlertRule | null;
  connections: Connection[];
  onClose: () => void;
  onSaved: (rule: AlertRule, created: boolean) => void;
}

const CHECK_FIELDS = 'Check the highlighted fields.';

/** The value of "every connection" and "both kinds" in the selects (a select cannot hold ''). */
const ANY = 'any';

export const RuleFormModal = ({ rule, connections, onClose, onSaved }: Props) => {
  const [createRule] = useCreateAlertRuleMutation();
  const [updateRule] = useUpdateAlertRuleMutation();
  const errorMessage = useErrorMessage();
  const [values, setValues] = useState<RuleFormValues>(() => (rule ? ruleValuesFrom(rule) : emptyRuleValues()));
  const [errors, setErrors] = useState<RuleErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const info = ALERT_TYPE_INFO[values.type];

  const setField = <K extends RuleField>(name: K, value: RuleFormValues[K]) => {
    setValues((prev) => ({ ...prev, [name]: value }));
    if (!errors[name]) return;
    const next = { ...errors, [name]: undefined };
    setErrors(next);
    // the last highlighted field corrected: "Check the highlighted fields" has nothing left to point at
    if (!Object.values(next).some(Boolean)) setFormError((shown) => (shown === CHECK_FIELDS ? null : shown));
  };

  const showErrors = (fieldErrors: RuleErrors, other: string[]) => {
    setErrors(fieldErrors);
    setFormError(other.length > 0 ? other.join('; ') : CHECK_FIELDS);
  };

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const checked = checkRule(values);
    if (!checked.ok) return showErrors(checked.errors, checked.other);
    setFormError(null);
    setSaving(true);
    try {
      const saved = rule
        ? await updateRule({ id: rule.id, input: checked.data }).unwrap()
        : await createRule(checked.data).unwrap();
      onSaved(saved.data, rule === null);
    } catch (error) {
      const server = serverRuleErrors(error, values.type);
      if (server) showErrors(server.errors, server.other);
      else setFormError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  const textField = (
    name: RuleField,
    options: { label?: string; hint?: string; type?: string; required?: boolean }
  ) => (
    <Field.Root name={name} error={errors[name]} hint={options.hint} required={options.required} width="100%">
      <Field.Label>{options.label ?? RULE_FIELD_LABELS[name]}</Field.Label>
      <TextInput
        type={options.type ?? 'text'}
        autoComplete="off"
        value={values[name] as string}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setField(name, e.target.value as never)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  const toggleField = (name: 'inApp' | 'enabled', hint: string) => (
    <Field.Root name={name} hint={hint} width="100%">
      <Field.Label>{RULE_FIELD_LABELS[name]}</Field.Label>
      <Toggle
        onLabel="On"
        offLabel="Off"
        checked={values[name]}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setField(name, e.target.checked)}
      />
      <Field.Hint />
    </Field.Root>
  );

  const half = { col: 6, m: 6, xs: 12, direction: 'column', alignItems: 'stretch' } as const;
  const full = { col: 12, direction: 'column', alignItems: 'stretch' } as const;

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
        <form onSubmit={handleSubmit} noValidate data-testid="alert-rule-form">
          <Modal.Header closeLabel="Close">
            <Modal.Title>{rule ? `Edit “${rule.name}”` : 'Add an alert rule'}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={6}>
              {formError && (
                <Alert variant="danger" title="Not saved" closeLabel="Dismiss" onClose={() => setFormError(null)}>
                  {formError}
                </Alert>
              )}
              <Grid.Root gap={5}>
                <Grid.Item {...half}>{textField('name', { required: true })}</Grid.Item>
                <Grid.Item {...half}>
                  <Field.Root
                    name="type"
                    error={errors.type}
                    hint={`Measures the ${info.figure}.`}
                    required
                    width="100%"
                  >
                    <Field.Label>{RULE_FIELD_LABELS.type}</Field.Label>
                    <SingleSelect value={values.type} onChange={(v) => setField('type', v as AlertType)}>
                      {ALERT_TYPES.map((type) => (
                        <SingleSelectOption key={type} value={type}>
                          {ALERT_TYPE_INFO[type].label}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item {...half}>
                  {textField('threshold', {
                    label: thresholdLabel(values.type),
                    hint: thresholdHint(values.type),
                    type: 'number',
                    required: true,
                  })}
                </Grid.Item>
                {info.windowed && (
                  <Grid.Item {...half}>
                    {textField('windowMinutes', {
                      hint: `The figure counts what happened in the last this many minutes (1–${MAX_WINDOW_MINUTES.toLocaleString('en')}).`,
                      type: 'number',
                      required: true,
                    })}
                  </Grid.Item>
                )}
                <Grid.Item {...half}>
                  <Field.Root
                    name="connectionId"
                    error={errors.connectionId}
                    hint="Every connection: each enabled connection is judged on its own."
                    width="100%"
                  >
                    <Field.Label>{RULE_FIELD_LABELS.connectionId}</Field.Label>
                    <SingleSelect
                      value={values.connectionId || ANY}
                      onChange={(v) => setField('connectionId', String(v) === ANY ? '' : String(v))}
                    >
                      {[{ id: ANY, name: 'Every connection' }, ...connections].map((c) => (
                        <SingleSelectOption key={c.id} value={c.id}>
                          {c.name}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                {info.byKind && (
                  <Grid.Item {...half}>
                    <Field.Root name="kind" error={errors.kind} width="100%">
                      <Field.Label>{RULE_FIELD_LABELS.kind}</Field.Label>
                      <SingleSelect
                        value={values.kind || ANY}
                        onChange={(v) => setField('kind', String(v) === ANY ? '' : (v as SyncKind))}
                      >
                        {[ANY, ...SYNC_KINDS].map((kind) => (
                          <SingleSelectOption key={kind} value={kind}>
                            {kind === ANY ? 'Stock and lead' : KIND_LABELS[kind as SyncKind]}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                )}
                <Grid.Item {...half}>
                  <Field.Root
                    name="severity"
                    error={errors.severity}
                    hint="Said in the notice's title."
                    required
                    width="100%"
                  >
                    <Field.Label>{RULE_FIELD_LABELS.severity}</Field.Label>
                    <SingleSelect value={values.severity} onChange={(v) => setField('severity', v as AlertSeverity)}>
                      {ALERT_SEVERITIES.map((s) => (
                        <SingleSelectOption key={s} value={s}>
                          {SEVERITY_LABELS[s]}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item {...full}>
                  <Field.Root
                    name="recipients"
                    error={errors.recipients}
                    hint={`One e-mail address a line, at most ${MAX_ALERT_RECIPIENTS}. They get one e-mail when the rule fires and one when it recovers; none is fine.`}
                    width="100%"
                  >
                    <Field.Label>{RULE_FIELD_LABELS.recipients}</Field.Label>
                    <Textarea
                      value={values.recipients}
                      onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setField('recipients', e.target.value)}
                    />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item {...half}>
                  {toggleField('inApp', 'Each notice also goes to Notifications, the bell of the admin.')}
                </Grid.Item>
                <Grid.Item {...half}>
                  {toggleField('enabled', 'Off: not evaluated; a firing alert closes without a notice.')}
                </Grid.Item>
              </Grid.Root>
              <Typography variant="pi" textColor="neutral600">
                Rules are evaluated after each run and every minute; a new or changed rule is judged within a minute.
              </Typography>
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
