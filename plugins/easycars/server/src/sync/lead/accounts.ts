/**
 * Which EasyCars account a lead belongs to. Lead numbers are counted per account, so "lead 000012" only means
 * something together with its account: a connection moved to another account must not pair its leads with the new
 * account's leads of the same number. The account number is a credential identifier this product only shows masked,
 * so a lead row keeps a fingerprint of it instead (the account key): short, stable, and not the number itself.
 */
import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { EasyCarsCredentials } from '../../easycars';
import { getService } from '../../utils/get-service';
import { UID } from '../../constants';

/**
 * The account key of an account number at an EasyCars root (base URL + environment prefix, as the client calls it):
 * the same account number at another EasyCars (the test service, a sandbox) is another account.
 */
export function leadAccountKey(credentials: Pick<EasyCarsCredentials, 'accountNumber'>, root: string): string {
  const account = credentials.accountNumber.trim().toUpperCase();
  const where = root.trim().replace(/\/+$/, '').toLowerCase();
  return createHash('sha256').update(`easycars-lead-account|${where}|${account}`).digest('hex').slice(0, 16);
}

/** The account key of a connection as it is saved now (its credentials are decrypted only to compute it). */
export async function accountKeyOfConnection(strapi: Core.Strapi, connectionId: string): Promise<string> {
  const { credentials, root } = await getService('connections', { strapi }).sealedCredentialsOf(connectionId);
  return leadAccountKey(credentials, root);
}

/**
 * The connection's leads that may be in EasyCars (pushed, being pushed, or possibly sent) and carry no account key
 * yet, because they were pushed before keys were recorded. Those leads belong to the account in use then.
 */
const UNSTAMPED = (connectionId: string) => ({
  connectionId,
  easycarsAccount: null,
  $or: [{ easycarsLeadNumber: { $notNull: true } }, { pushStatus: 'pushing' }, { pushMaybeSent: true }],
});

/**
 * Records `accountKey` on the connection's leads that have no account key. The connections service calls it with the
 * OLD key before it saves a new account number, so the old account's leads keep naming their account; a lead run
 * calls it with the current key at its start. Returns how many leads were stamped.
 */
export async function stampLeadsOfAccount(
  strapi: Core.Strapi,
  connectionId: string,
  accountKey: string
): Promise<number> {
  const { count } = await strapi.db
    .query(UID.lead as any)
    .updateMany({ where: UNSTAMPED(connectionId), data: { easycarsAccount: accountKey } });
  return count;
}

/** How many of the connection's leads are in EasyCars (or may be): the ones an account change leaves behind. */
export async function countPushedLeads(strapi: Core.Strapi, connectionId: string): Promise<number> {
  return strapi.db.query(UID.lead as any).count({
    where: {
      connectionId,
      $or: [{ easycarsLeadNumber: { $notNull: true } }, { pushStatus: 'pushing' }, { pushMaybeSent: true }],
    },
  });
}
