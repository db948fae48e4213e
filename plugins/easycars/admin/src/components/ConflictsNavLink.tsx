import { Badge } from '@strapi/design-system';
import { SubNav } from '@strapi/strapi/admin';
import { usePermission } from '../hooks/usePermission';
import { useOpenConflictCount } from '../services/conflicts';

/** "Conflicts" in the plugin's navigation, with the number waiting for review. */
export const ConflictsNavLink = ({ to }: { to: string }) => {
  const { allowed, isLoading } = usePermission('read');
  const count = useOpenConflictCount(isLoading || !allowed);
  return (
    <SubNav.Link
      to={to}
      label="Conflicts"
      endAction={
        count ? (
          <Badge aria-label={`${count} open conflicts`} data-testid="conflicts-badge">
            {count}
          </Badge>
        ) : undefined
      }
    />
  );
};
