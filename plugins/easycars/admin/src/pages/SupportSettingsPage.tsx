/**
 * EasyCars → Settings → Help & support: the dealership's technical support and its EasyCars contact, and where the
 * team keeps this documentation. Every plugin page's Help & support panel shows them; nothing is there until
 * entered here.
 */
import { useState } from 'react';
import { Alert, Box, Button, Field, Flex, Grid, Textarea, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import {
  SUPPORT_CONTACT_KINDS,
  type PluginSettings,
  type SupportContact,
  type SupportContactKind,
} from '../../../shared/contracts/settings';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { PERMISSIONS } from '../permissions';
import { detailsOf, useErrorMessage } from '../services/errors';
import { useGetSettingsQuery, useUpdateSettingsMutation } from '../services/settings';

const TITLES: Record<SupportContactKind, { title: string; hint: string }> = {
  internal: { title: 'Technical support', hint: "Who looks after this website's server at the dealership." },
  easycars: {
    title: 'EasyCars support',
    hint: "The dealership's contact at EasyCars (account manager or support desk).",
  },
};

type Draft = Record<keyof SupportContact, string>;
const draftOf = (contact: SupportContact | null): Draft => ({
  name: contact?.name ?? '',
  email: contact?.email ?? '',
  phone: contact?.phone ?? '',
  notes: contact?.notes ?? '',
});
/** A contact with nothing filled in is no contact. */
const contactOf = (draft: Draft) => (Object.values(draft).some((v) => v.trim()) ? draft : null);

/** Field errors of a 400, by their path below the body ("supportContacts.internal.email"). */
function fieldErrors(error: unknown): Record<string, string> {
  const issues = (detailsOf(error) as { errors?: Array<{ path: string[]; message: string }> } | undefined)?.errors;
  return Object.fromEntries((issues ?? []).map((i) => [i.path.join('.'), i.message]));
}

const Editor = ({ settings }: { settings: PluginSettings }) => {
  const [save, saving] = useUpdateSettingsMutation();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  const [drafts, setDrafts] = useState<Record<SupportContactKind, Draft>>({
    internal: draftOf(settings.supportContacts.internal),
    easycars: draftOf(settings.supportContacts.easycars),
  });
  const [docs, setDocs] = useState(settings.documentationUrl ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const set = (kind: SupportContactKind, key: keyof SupportContact, value: string) =>
    setDrafts({ ...drafts, [kind]: { ...drafts[kind], [key]: value } });

  const submit = async () => {
    setProblem(null);
    setErrors({});
    try {
      await save({
        supportContacts: { internal: contactOf(drafts.internal), easycars: contactOf(drafts.easycars) },
        documentationUrl: docs.trim(),
      }).unwrap();
      toggleNotification({ type: 'success', message: 'Help & support saved' });
    } catch (e) {
      setErrors(fieldErrors(e));
      setProblem(errorMessage(e));
    }
  };

  const input = (kind: SupportContactKind, key: Exclude<keyof SupportContact, 'notes'>, label: string) => {
    const path = `supportContacts.${kind}.${key}`;
    return (
      <Field.Root name={path} error={errors[path]} required={key === 'name'} width="100%">
        <Field.Label>{label}</Field.Label>
        <TextInput value={drafts[kind][key]} onChange={(e) => set(kind, key, e.target.value)} />
        <Field.Error />
      </Field.Root>
    );
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={6} data-testid="support-settings">
      {SUPPORT_CONTACT_KINDS.map((kind) => (
        <Flex key={kind} direction="column" alignItems="stretch" gap={3} tag="fieldset">
          <Typography variant="delta" tag="h2">
            {TITLES[kind].title}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {TITLES[kind].hint} Leave every field blank for none.
          </Typography>
          <Grid.Root gap={4}>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              {input(kind, 'name', 'Name')}
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              {input(kind, 'email', 'E-mail')}
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              {input(kind, 'phone', 'Phone')}
            </Grid.Item>
          </Grid.Root>
          <Field.Root
            name={`supportContacts.${kind}.notes`}
            error={errors[`supportContacts.${kind}.notes`]}
            hint="Hours, an account number to quote, anything worth knowing before calling."
          >
            <Field.Label>Notes</Field.Label>
            <Textarea
              value={drafts[kind].notes}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set(kind, 'notes', e.target.value)}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Flex>
      ))}
      <Box maxWidth="40rem">
        <Field.Root
          name="documentationUrl"
          error={errors.documentationUrl}
          hint="Where your team keeps this plugin's docs/ folder online: each page's Help & support links to its guide there."
        >
          <Field.Label>Documentation address</Field.Label>
          <TextInput value={docs} onChange={(e) => setDocs(e.target.value)} placeholder="https://…/docs" />
          <Field.Hint />
          <Field.Error />
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

const SupportForm = () => {
  const { currentData, isError, error, refetch } = useGetSettingsQuery();
  if (!currentData && !isError) return <LoadingState label="Loading settings…" />;
  if (!currentData) return <LoadErrorState what="settings" error={error} onRetry={() => void refetch()} />;
  return <Editor settings={currentData.data} />;
};

export const SupportSettingsPage = () => (
  <Page.Main>
    <Page.Title>EasyCars help and support</Page.Title>
    <Layouts.Header title="Help & support" subtitle="Who to call, shown on every EasyCars page" />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.settings}>
        <SupportForm />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);
