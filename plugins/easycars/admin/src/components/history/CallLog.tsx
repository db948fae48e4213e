/**
 * Every call the run made to EasyCars, one per attempt (token renewals and retries each count): endpoint, HTTP
 * status, EasyCars' `Code`, latency, attempt, and the redacted request and response, said to be cut when the log kept
 * only their first 4 KB.
 */
import { useState } from 'react';
import { Badge, Box, Button, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ChevronDown, ChevronUp } from '@strapi/icons';
import { useIsDesktop } from '@strapi/strapi/admin';
import type { RunApiCall, SyncRunDetail } from '../../../../shared/contracts/sync';
import { formatValue, formatWhen } from '../../utils/runs';
import { LabelledValue } from '../LabelledValue';
import { CodeBlock, readable } from './CodeBlock';
import { Section } from './Section';
import { TableHead } from '../TableHead';

const HEADERS = ['#', 'Endpoint', 'HTTP status', 'Code', 'Latency', 'Attempt', 'Result', 'Bodies'];

const Result = ({ call }: { call: RunApiCall }) =>
  call.ok === false ? (
    <Typography variant="pi" textColor="danger600">
      {call.errorMessage ?? call.errorKind ?? 'Failed'}
    </Typography>
  ) : (
    <Badge variant="success">OK</Badge>
  );

const Body = ({ title, text, truncated }: { title: string; text: string | undefined; truncated: boolean }) => (
  <Flex direction="column" alignItems="stretch" gap={2} flex="1 1 30rem" minWidth={0}>
    <Flex gap={2} alignItems="center">
      <Typography variant="sigma" textColor="neutral600">
        {title}
      </Typography>
      {truncated && (
        <Badge variant="warning" data-truncated="true">
          Truncated
        </Badge>
      )}
    </Flex>
    {text === undefined || text === '' ? (
      <Typography variant="pi" textColor="neutral600">
        None
      </Typography>
    ) : (
      <>
        <CodeBlock label={title}>{readable(text)}</CodeBlock>
        {truncated && (
          <Typography variant="pi" textColor="neutral600">
            Cut: the log keeps the first 4 KB of each body.
          </Typography>
        )}
      </>
    )}
  </Flex>
);

const Bodies = ({ call }: { call: RunApiCall }) => (
  <Flex gap={4} wrap="wrap" alignItems="flex-start" data-testid="call-bodies">
    <Body title="Request" text={call.requestBody} truncated={call.requestTruncated} />
    <Body title="Response" text={call.responseBody} truncated={call.responseTruncated} />
  </Flex>
);

const Toggle = ({ open, onClick, index }: { open: boolean; onClick: () => void; index: number }) => (
  <Button
    variant="tertiary"
    size="S"
    endIcon={open ? <ChevronUp /> : <ChevronDown />}
    onClick={onClick}
    aria-expanded={open}
    aria-label={`${open ? 'Hide' : 'Show'} bodies of call ${index + 1}`}
  >
    {open ? 'Hide' : 'Show'}
  </Button>
);

const latency = (call: RunApiCall) => (call.latencyMs === undefined ? '—' : `${call.latencyMs} ms`);

export const CallLog = ({ run }: { run: SyncRunDetail }) => {
  const isDesktop = useIsDesktop();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (index: number) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(index)) next.add(index);
      return next;
    });
  const calls = run.apiCalls;
  const subtitle =
    calls.length === 0
      ? 'This run made no call to EasyCars.'
      : `${calls.length} ${calls.length === 1 ? 'call' : 'calls'}${
          run.apiCallsOmitted > 0 ? `, and ${run.apiCallsOmitted} more not kept (the log keeps ${calls.length})` : ''
        }. Secrets are redacted${run.customerDetailsShown ? '' : ', customer details hidden'}.`;

  return (
    <Section title="Calls to EasyCars" subtitle={subtitle} testId="call-log">
      {calls.length > 0 &&
        (isDesktop ? (
          <Table colCount={HEADERS.length} rowCount={calls.length + 1}>
            <TableHead headers={HEADERS} />
            <Tbody>
              {calls.flatMap((call, index) => [
                <Tr key={index} data-endpoint={call.endpoint}>
                  <Td>
                    <Typography textColor="neutral600">{index + 1}</Typography>
                  </Td>
                  <Td>
                    <Typography textColor="neutral800" fontWeight="bold">
                      {formatValue(call.endpoint)}
                    </Typography>
                    <Typography tag="p" variant="pi" textColor="neutral600">
                      {formatWhen(call.startedAt ?? null)}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography textColor="neutral800">{formatValue(call.httpStatus)}</Typography>
                  </Td>
                  <Td>
                    <Typography textColor="neutral800">{formatValue(call.code)}</Typography>
                  </Td>
                  <Td>
                    <Typography textColor="neutral800">{latency(call)}</Typography>
                  </Td>
                  <Td>
                    <Typography textColor="neutral800">{formatValue(call.attempt)}</Typography>
                  </Td>
                  <Td maxWidth="24rem" style={{ whiteSpace: 'normal' }}>
                    <Result call={call} />
                  </Td>
                  <Td>
                    <Toggle open={open.has(index)} onClick={() => toggle(index)} index={index} />
                  </Td>
                </Tr>,
                ...(open.has(index)
                  ? [
                      <Tr key={`${index}-bodies`}>
                        <Td colSpan={HEADERS.length} style={{ whiteSpace: 'normal' }}>
                          <Box paddingTop={3} paddingBottom={3}>
                            <Bodies call={call} />
                          </Box>
                        </Td>
                      </Tr>,
                    ]
                  : []),
              ])}
            </Tbody>
          </Table>
        ) : (
          <Flex tag="ul" direction="column" alignItems="stretch" gap={3}>
            {calls.map((call, index) => (
              <Box tag="li" key={index} background="neutral100" hasRadius padding={4} data-endpoint={call.endpoint}>
                <Flex direction="column" alignItems="stretch" gap={3}>
                  <Flex justifyContent="space-between" gap={2} wrap="wrap">
                    <Typography fontWeight="bold">
                      {index + 1}. {formatValue(call.endpoint)}
                    </Typography>
                    <Result call={call} />
                  </Flex>
                  <Flex gap={4} wrap="wrap">
                    <LabelledValue label="HTTP status">
                      <Typography variant="pi">{formatValue(call.httpStatus)}</Typography>
                    </LabelledValue>
                    <LabelledValue label="Code">
                      <Typography variant="pi">{formatValue(call.code)}</Typography>
                    </LabelledValue>
                    <LabelledValue label="Latency">
                      <Typography variant="pi">{latency(call)}</Typography>
                    </LabelledValue>
                    <LabelledValue label="Attempt">
                      <Typography variant="pi">{formatValue(call.attempt)}</Typography>
                    </LabelledValue>
                  </Flex>
                  <Box>
                    <Toggle open={open.has(index)} onClick={() => toggle(index)} index={index} />
                  </Box>
                  {open.has(index) && <Bodies call={call} />}
                </Flex>
              </Box>
            ))}
          </Flex>
        ))}
    </Section>
  );
};
