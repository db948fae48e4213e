import { useState, type FormEvent, type ReactNode } from 'react';
import { Box, Button, Field, Flex, TextInput } from '@strapi/design-system';
import { Search } from '@strapi/icons';

/**
 * A search that applies when submitted. It holds what is typed meanwhile; give it `key={value}` so that going back
 * to another address shows that address's search.
 */
export const SearchBox = ({
  label,
  value,
  button,
  onSearch,
  before,
  after,
}: {
  label: string;
  value: string | undefined;
  button: string;
  onSearch: (value: string | undefined) => void;
  /** Other fields of the same line (a filter), and buttons after the search's own. */
  before?: ReactNode;
  after?: ReactNode;
}) => {
  const [typed, setTyped] = useState(value ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(typed.trim() || undefined);
  };
  return (
    <Flex tag="form" gap={3} wrap="wrap" alignItems="flex-end" onSubmit={submit} role="search">
      {before}
      <Box flex="2 1 20rem">
        <Field.Root>
          <Field.Label>{label}</Field.Label>
          <TextInput size="S" value={typed} onChange={(e: { target: { value: string } }) => setTyped(e.target.value)} />
        </Field.Root>
      </Box>
      <Flex gap={2}>
        <Button type="submit" variant="secondary" startIcon={<Search />}>
          {button}
        </Button>
        {after}
      </Flex>
    </Flex>
  );
};
