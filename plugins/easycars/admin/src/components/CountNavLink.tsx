import { Badge } from '@strapi/design-system';
import { SubNav } from '@strapi/strapi/admin';
import { usePermission } from '../hooks/usePermission';

interface Props {
  to: string;
  label: string;
  /** The number to show, asked for only when the user may read sync data. */
  useCount: (skip: boolean) => number | null;
  /** The badge in words, for screen readers, e.g. "3 open conflicts". */
  describe: (count: number) => string;
  testId: string;
}

/** A link in the plugin's navigation with a badge counting what waits there (open conflicts, unread notifications). */
export const CountNavLink = ({ to, label, useCount, describe, testId }: Props) => {
  const { allowed, isLoading } = usePermission('read');
  const count = useCount(isLoading || !allowed);
  return (
    <SubNav.Link
      to={to}
      label={label}
      endAction={
        count ? (
          <Badge aria-label={describe(count)} data-testid={testId}>
            {count}
          </Badge>
        ) : undefined
      }
    />
  );
};
