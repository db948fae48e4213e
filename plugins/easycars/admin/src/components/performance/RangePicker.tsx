/** The range the charts cover: one button per range, the chosen one pressed. */
import { Button, Flex } from '@strapi/design-system';
import { RANGES, type RangeKey } from '../../services/monitoring';

export const RangePicker = ({ value, onChange }: { value: RangeKey; onChange: (key: RangeKey) => void }) => (
  <Flex gap={2} wrap="wrap" role="group" aria-label="Range">
    {RANGES.map((range) => (
      <Button
        key={range.key}
        size="S"
        variant={range.key === value ? 'secondary' : 'tertiary'}
        aria-pressed={range.key === value}
        onClick={() => onChange(range.key)}
      >
        {range.label}
      </Button>
    ))}
  </Flex>
);
