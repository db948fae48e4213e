import type { ReactNode } from 'react';
import { Th, Thead, Tr, Typography } from '@strapi/design-system';

/** A table's header row: one title per column (a title may be an element, such as a select-all box). */
export const TableHead = ({ headers }: { headers: readonly ReactNode[] }) => (
  <Thead>
    <Tr>
      {headers.map((header, index) => (
        <Th key={index}>
          <Typography variant="sigma">{header}</Typography>
        </Th>
      ))}
    </Tr>
  </Thead>
);
