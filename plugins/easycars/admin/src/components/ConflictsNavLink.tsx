import { Badge } from '@strapi/design-system';
import { SubNav, useRBAC } from '@strapi/strapi/admin';
import { ACTIONS } from '../../../shared/permissions';
import { useOpenConflictCount } from '../services/conflicts';

const READ_PERMISSION = [{ action: ACTIONS.read, subject: null }];

/** "Conflicts" in the plugin's navigation, with the number waiting for review. */
export const ConflictsNavLink = ({ to }: { to: string }) => {
  const { allowedActions, isLoading } = useRBAC(READ_PERMISSION);
  const count = useOpenConflictCount(isLoading || !allowedActions.canRead);
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
