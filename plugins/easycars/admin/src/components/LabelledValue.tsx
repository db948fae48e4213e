import { Flex, Typography } from '@strapi/design-system';

/** A small caption over its value, for the card layouts used at phone width. */
export const LabelledValue = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    {children}
  </Flex>
);
