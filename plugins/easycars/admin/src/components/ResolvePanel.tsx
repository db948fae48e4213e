/**
 * Choosing a resolution for one conflict: Use Local, Use EasyCars, Merge (a side per field) or Manual Edit (a value
 * per field). Every choice is previewed first — the resulting values and what EasyCars can and cannot take — and
 * only "Apply" writes.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Field,
  Flex,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useIsDesktop } from '@strapi/strapi/admin';
import type {
  ConflictDetail,
  ConflictPreview,
  ConflictSide,
  ResolveConflictInput,
  ResolveStrategy,
} from '../../../shared/contracts/conflicts';
import { RESOLVE_STRATEGIES } from '../../../shared/contracts/conflicts';
import { usePreviewConflictMutation, useResolveConflictMutation } from '../services/conflicts';
import { useErrorMessage } from '../services/errors';
import { RESOLVE_LABELS, formatValue, typedValue } from '../utils/conflicts';
import { LabelledValue } from './LabelledValue';
import { TableHead } from './TableHead';

const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

const sideOf = (c: ConflictPreview['changes'][number]) =>
  c.side === 'manual' ? 'typed' : c.side === 'local' ? 'local' : 'EasyCars';

/** The values the resolution would write: a table on wide screens, a card per field on phones (no sideways scroll). */
const PreviewTable = ({ preview }: { preview: ConflictPreview }) => {
  const isDesktop = useIsDesktop();
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="conflict-preview">
      <Typography variant="delta" tag="h3">
        Preview: nothing is written until you apply
      </Typography>
      {isDesktop ? (
        <Box overflow="auto">
          <Table colCount={3} rowCount={preview.changes.length + 1}>
            <TableHead headers={['Field', 'Now (local)', 'After']} />
            <Tbody>
              {preview.changes.map((c) => (
                <Tr key={c.field} data-field={c.field}>
                  <Td>
                    <Typography>{c.field}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatValue(c.before)}</Typography>
                  </Td>
                  <Td>
                    <Typography fontWeight="bold">
                      {formatValue(c.after)} ({sideOf(c)})
                    </Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      ) : (
        <Flex tag="ul" direction="column" alignItems="stretch" gap={2}>
          {preview.changes.map((c) => (
            <Box tag="li" key={c.field} data-field={c.field} background="neutral0" hasRadius padding={3}>
              <Flex direction="column" alignItems="stretch" gap={2}>
                <Typography fontWeight="bold">{c.field}</Typography>
                <Flex gap={4} wrap="wrap">
                  <LabelledValue label="Now (local)">
                    <Typography style={WRAP}>{formatValue(c.before)}</Typography>
                  </LabelledValue>
                  <LabelledValue label="After">
                    <Typography fontWeight="bold" style={WRAP}>
                      {formatValue(c.after)} ({sideOf(c)})
                    </Typography>
                  </LabelledValue>
                </Flex>
              </Flex>
            </Box>
          ))}
        </Flex>
      )}
      {preview.notes.map((note) => (
        <Typography key={note} variant="pi" textColor="neutral700" tag="p">
          {note}
        </Typography>
      ))}
    </Flex>
  );
};

export const ResolvePanel = ({ conflict, onResolved }: { conflict: ConflictDetail; onResolved: () => void }) => {
  const [strategy, setStrategy] = useState<ResolveStrategy>('local');
  const [sides, setSides] = useState<Record<string, ConflictSide>>(() =>
    Object.fromEntries(conflict.fields.map((f) => [f, 'local' as ConflictSide]))
  );
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      conflict.fields.map((f) => [f, formatValue(conflict.rows.find((r) => r.field === f)?.local).replace(/^—$/, '')])
    )
  );
  const [preview, setPreview] = useState<ConflictPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [askPreview, previewState] = usePreviewConflictMutation();
  const [resolve, resolveState] = useResolveConflictMutation();
  const errorMessage = useErrorMessage();

  const body = (): ResolveConflictInput => {
    if (strategy === 'merge') return { strategy, fields: sides };
    if (strategy === 'manual') {
      const like = (f: string) => {
        const row = conflict.rows.find((r) => r.field === f);
        return row?.local ?? row?.easycars;
      };
      return {
        strategy,
        values: Object.fromEntries(conflict.fields.map((f) => [f, typedValue(texts[f] ?? '', like(f))])),
      };
    }
    return { strategy };
  };
  const changed = () => {
    setPreview(null);
    setProblem(null);
  };

  const showPreview = async () => {
    setProblem(null);
    try {
      setPreview((await askPreview({ id: conflict.id, body: body() }).unwrap()).data);
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const apply = async () => {
    try {
      await resolve({ id: conflict.id, body: body() }).unwrap();
      onResolved();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="resolve-panel">
      <Typography variant="beta" tag="h2">
        Resolve
      </Typography>
      <Radio.Group
        aria-label="Resolution"
        value={strategy}
        onValueChange={(v: string) => {
          setStrategy(v as ResolveStrategy);
          changed();
        }}
      >
        <Flex gap={4} wrap="wrap">
          {RESOLVE_STRATEGIES.map((s) => (
            <Radio.Item key={s} value={s}>
              {RESOLVE_LABELS[s]}
            </Radio.Item>
          ))}
        </Flex>
      </Radio.Group>
      {strategy === 'merge' &&
        conflict.fields.map((f) => (
          <Box key={f} maxWidth="32rem">
            <Field.Root>
              <Field.Label>Take {f} from</Field.Label>
              <SingleSelect
                aria-label={`Take ${f} from`}
                value={sides[f]}
                onChange={(v) => {
                  setSides({ ...sides, [f]: v as ConflictSide });
                  changed();
                }}
              >
                <SingleSelectOption value="local">Local</SingleSelectOption>
                <SingleSelectOption value="easycars">EasyCars</SingleSelectOption>
              </SingleSelect>
            </Field.Root>
          </Box>
        ))}
      {strategy === 'manual' &&
        conflict.fields.map((f) => (
          <Box key={f} maxWidth="32rem">
            <Field.Root>
              <Field.Label>New value of {f}</Field.Label>
              <TextInput
                aria-label={`New value of ${f}`}
                value={texts[f] ?? ''}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                  setTexts({ ...texts, [f]: e.target.value });
                  changed();
                }}
              />
            </Field.Root>
          </Box>
        ))}
      {problem && (
        <Alert variant="danger" title="Not applied" onClose={() => setProblem(null)} closeLabel="Close">
          {problem}
        </Alert>
      )}
      {preview && <PreviewTable preview={preview} />}
      <Flex gap={2} wrap="wrap">
        <Button variant="secondary" loading={previewState.isLoading} onClick={() => void showPreview()}>
          Preview
        </Button>
        <Button disabled={!preview} loading={resolveState.isLoading} onClick={() => void apply()}>
          Apply
        </Button>
      </Flex>
    </Flex>
  );
};
