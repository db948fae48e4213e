import { Box, Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';

/** The value of "All …": no filter. */
export const ALL = 'all';

export interface FilterSelectProps {
  label: string;
  /** undefined: all. */
  value: string | undefined;
  allLabel: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string | undefined) => void;
}

/** One filter of a list: "All …" or one value. */
export const FilterSelect = ({ label, value, allLabel, options, onChange }: FilterSelectProps) => (
  <Box minWidth="14rem" maxWidth="24rem" flex="1 1 14rem">
    <Field.Root>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={value ?? ALL}
        onChange={(next) => onChange(String(next) === ALL ? undefined : String(next))}
        size="S"
      >
        {[{ value: ALL, label: allLabel }, ...options].map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  </Box>
);
