/**
 * Every message the product shows for an EasyCars failure or a refused action, with its cause and what to do, in
 * words for a dealership administrator. `sources` name where the code makes the message (see message-sources.ts;
 * a source matches when it starts with one of them): tests/docs/troubleshooting.test.ts fails when the code makes a
 * message no entry covers, or an entry names a source that is gone.
 */
import { TEST_CONNECTION_MESSAGES } from '../../plugins/easycars/server/src/easycars/client';
import { VEHICLE_PUSH_REFUSED } from '../../plugins/easycars/shared/contracts/reconciliation';
import { GENERATED_NOTE } from './markdown';

export type MessagePlace =
  | 'Test connection'
  | 'A sync run'
  | 'A refused action'
  | 'Start-up'
  | 'For developers';

export interface MessageDoc {
  id: string;
  place: MessagePlace;
  /** The message as shown; `…` stands for the parts that vary. */
  message: string;
  cause: string;
  resolution: string;
  sources: string[];
}

export const MESSAGES: MessageDoc[] = [
  // Test connection
  {
    id: 'test-ok',
    place: 'Test connection',
    message: TEST_CONNECTION_MESSAGES.ok,
    cause: 'Both credential pairs work: the client ID and secret got a token, and the account number and secret were accepted.',
    resolution: 'Nothing to do. Save the connection and run a first stock sync.',
    sources: ['const:TEST_CONNECTION_MESSAGES'],
  },
  {
    id: 'test-client',
    place: 'Test connection',
    message: TEST_CONNECTION_MESSAGES.client,
    cause: 'EasyCars refused the first pair, the Client ID and Client Secret (they identify the integration).',
    resolution:
      'Copy both again from EasyCars (or ask EasyCars support for them), check the environment (test or production: each has its own credentials) and test again.',
    sources: ['test:client'],
  },
  {
    id: 'test-account',
    place: 'Test connection',
    message: TEST_CONNECTION_MESSAGES.account,
    cause: 'The client pair works, but EasyCars refused the second pair, the Account Number and Account Secret (they identify the dealership).',
    resolution: 'Copy the account number and secret again from EasyCars, check they belong to this environment, and test again.',
    sources: ['test:account'],
  },
  {
    id: 'test-timeout',
    place: 'Test connection',
    message: 'EasyCars did not answer in … s',
    cause: 'EasyCars was too slow to answer, or the network in between dropped the request.',
    resolution: 'Try again in a few minutes. If it keeps happening, ask your technical support whether the server can reach EasyCars.',
    sources: ['test:timeout'],
  },
  {
    id: 'test-network',
    place: 'Test connection',
    message: 'Could not reach EasyCars at …',
    cause: 'The server could not connect to EasyCars at all (address wrong, no internet access, firewall, or a refused internal address).',
    resolution:
      'Leave Base URL override empty unless you were told to set it. Otherwise ask your technical support to check the server can reach that address.',
    sources: ['test:network'],
  },
  {
    id: 'test-credentials',
    place: 'Test connection',
    message:
      'The stored credentials can no longer be read (the encryption key or where EasyCars is reached changed). Re-enter them and save.',
    cause:
      'The saved credentials were encrypted with another key, or for another environment or base URL: they are never sent anywhere else.',
    resolution: 'Edit the connection, enter the four credentials again, save, and test again.',
    sources: ['test:credentials'],
  },
  {
    id: 'test-unexpected',
    place: 'Test connection',
    message: 'Unexpected error while testing the EasyCars connection (or the EasyCars error itself)',
    cause: 'EasyCars answered something the test did not expect (a server error, a malformed answer).',
    resolution: 'Try again later; if it persists, send the message to EasyCars support.',
    sources: ['test:unexpected'],
  },

  // sync runs
  {
    id: 'run-authentication',
    place: 'A sync run',
    message: 'EasyCars rejected the credentials: …. Check the connection in Settings → Connections.',
    cause: 'The credentials stopped working (changed or revoked in EasyCars). The run stops; leads wait in the outbox.',
    resolution: 'Open Settings → Connections, enter the current credentials, use Test connection, then Sync now.',
    sources: ['run:authentication', 'class:AuthenticationError'],
  },
  {
    id: 'run-timeout',
    place: 'A sync run',
    message: 'EasyCars did not answer in time: …. The next run will try again.',
    cause: 'EasyCars was slow or unreachable for longer than the timeout (`easycars.requestTimeoutMs`), after retries.',
    resolution: 'Usually nothing: the next scheduled run tries again. If it repeats for hours, check EasyCars is up with their support.',
    sources: ['run:timeout', 'class:TimeoutError'],
  },
  {
    id: 'run-network',
    place: 'A sync run',
    message: 'Could not reach EasyCars: …. The next run will try again.',
    cause: 'The server could not connect to EasyCars (network, DNS, firewall).',
    resolution: 'Wait for the next run. If every run fails this way, ask your technical support to check the server’s internet access.',
    sources: ['run:network', 'class:NetworkError', 'class:InternalAddressError'],
  },
  {
    id: 'run-easycars-failed',
    place: 'A sync run',
    message: 'EasyCars call failed: EasyCars … (answered HTTP …, reported a system error, rejected the request, sent a malformed answer)',
    cause: 'EasyCars answered with an error: its own system error, a refusal with its reason, too many requests (HTTP 429), or an answer that could not be read.',
    resolution:
      'Transient errors are retried by the next run. A refusal names what EasyCars did not accept: fix that record (in EasyCars or here). If it persists, send the run’s message to EasyCars support.',
    sources: [
      'run:default',
      'class:EasyCarsError',
      'class:HttpError',
      'class:SystemError',
      'class:ValidationError',
      'class:MalformedResponseError',
      'stop:easycars/client.ts',
    ],
  },
  {
    id: 'run-safety-stop',
    place: 'A sync run',
    message:
      'This feed would unlist … of … listed vehicles (…%), more than the …% safety limit. Nothing was changed. (or: EasyCars returned an empty stock list …)',
    cause: 'EasyCars sent far fewer vehicles than are listed on the site. That is more often an EasyCars or account problem than a sold-out yard, so the run stopped before unlisting them.',
    resolution:
      'Check the stock in EasyCars (and the connection’s yard code). If the stock really went, run Sync stock again with “force” (Dashboard or Connections).',
    sources: ['fn:safetyStopReason'],
  },
  {
    id: 'run-items-failed',
    place: 'A sync run',
    message: '… of … items could not be applied / None of the … vehicles from EasyCars could be applied / … leads could not be synced: see the items',
    cause: 'Some records could not be written; each one’s reason is in the run’s failed items.',
    resolution: 'Open the run in Sync History, filter its items on “failed”, and fix each record as its reason says (often in EasyCars).',
    sources: ['stop:sync/stock/engine.ts', 'stop:sync/lead/engine.ts'],
  },
  {
    id: 'run-interrupted',
    place: 'A sync run',
    message: 'Interrupted (…); the next run carries on where this one stopped',
    cause: 'The server stopped or restarted during the run, or its worker lost its lock.',
    resolution: 'Nothing to do: the next run carries on. Start one with Sync now if you do not want to wait.',
    sources: ['stop:sync/run-context.ts', 'class:Interrupted', 'class:LockLostError'],
  },
  {
    id: 'run-needs-reentry',
    place: 'A sync run',
    message: 'The stored credentials of “…” can no longer be read (the encryption key or where EasyCars is reached changed). Re-enter them in Settings → Connections.',
    cause: 'The server’s encryption key changed, or the connection’s address changed: the stored credentials cannot be used.',
    resolution: 'Open Settings → Connections, enter the four credentials again and save.',
    sources: ['class:CredentialsNeedReentryError', 'class:DecryptionError', 'class:ConnectionUnusableError', 'class:RunStop'],
  },
  {
    id: 'run-base-url-refused',
    place: 'A sync run',
    message: 'The base URL of “…” is not used: it must be an EasyCars host … or an origin listed in EASYCARS_ALLOWED_BASE_URLS.',
    cause: 'The connection’s Base URL override is no longer allowed, so its credentials are not sent there.',
    resolution: 'Clear the Base URL override (to use EasyCars itself), or ask your technical support to allow that address.',
    sources: ['class:BaseUrlRefusedError'],
  },
  {
    id: 'job-stopped',
    place: 'A sync run',
    message: 'Stopped after … of … conflicts / discrepancies: … (or: The server stopped after …)',
    cause: 'A bulk resolution or a background reconciliation action was cut short (the server stopped).',
    resolution: 'Those done stay done. Run the same action again on what is left.',
    sources: [
      'stop:conflicts/bulk.ts',
      'stop:reconciliation/action-jobs.ts',
      'error:conflicts/bulk.ts',
      'error:reconciliation/action-jobs.ts',
    ],
  },
  {
    id: 'cleanup-failed',
    place: 'A sync run',
    message: 'The clean-up failed: … / Clean-up failed: …',
    cause: 'The history clean-up stopped on a database or archive-folder error; what it deleted before stays deleted.',
    resolution: 'Ask your technical support to check the message (often the archive folder cannot be written), then Clean up now again.',
    sources: ['error:retention/job.ts'],
  },

  // refused actions
  {
    id: 'field-invalid',
    place: 'A refused action',
    message: '<field> is required / must be … (each wrong field and why, e.g. “clientId is required; baseUrl must be an http(s) URL …”)',
    cause: 'A form or request had a wrong or missing value. Nothing was saved.',
    resolution: 'Correct the fields named in the message and try again.',
    sources: [
      'throw:utils/validate.ts',
      'throw:utils/http.ts',
      'throw:sync/controller.ts',
      'throw:settings/service.ts',
      'throw:conflicts/resolve.ts ValidationError',
      'throw:alerts/service.ts ValidationError',
      'throw:sync/lead/outbox.ts ValidationError message',
    ],
  },
  {
    id: 'credentials-must-be-reentered',
    place: 'A refused action',
    message: 'clientId, … must be re-entered: changing the base URL or environment changes where the credentials are sent',
    cause: 'Credentials are sealed for one address. Changing the environment or base URL without them would send them somewhere new.',
    resolution: 'Enter the four credentials for the new environment or address together with the change.',
    sources: ['throw:connections/service.ts ValidationError `${missing'],
  },
  {
    id: 'base-url-not-allowed',
    place: 'A refused action',
    message: 'baseUrl must be an EasyCars host (…) or an origin listed in EASYCARS_ALLOWED_BASE_URLS',
    cause: 'The Base URL override points somewhere that is not EasyCars and is not on the server’s allowed list.',
    resolution: 'Leave Base URL override empty for EasyCars itself, or ask your technical support to add the address to the allowed list.',
    sources: ['throw:connections/service.ts ValidationError message'],
  },
  {
    id: 'connection-disabled',
    place: 'A refused action',
    message: 'Connection “…” is disabled: enable it to sync',
    cause: 'Sync now (or a reconciliation) was asked for on a disabled connection.',
    resolution: 'Enable the connection in Settings → Connections first.',
    sources: ['throw:queue/service.ts'],
  },
  {
    id: 'already-running',
    place: 'A refused action',
    message: 'A stock sync / lead sync / reconciliation of “…” is already running (run …)',
    cause: 'Only one run of each kind per connection at a time.',
    resolution: 'Wait for the running one to finish (its progress is on the Dashboard), then start again if still needed.',
    sources: ['class:RunConflictError', 'class:ActiveRunError'],
  },
  {
    id: 'cleanup-running',
    place: 'A refused action',
    message: 'A clean-up is already running: wait for it to finish, then look at its outcome here',
    cause: 'Clean up now was pressed while a clean-up was running (here or on another server).',
    resolution: 'Wait a minute and reload Settings → Data retention.',
    sources: ['class:CleanupRunningError'],
  },
  {
    id: 'conflict-closed',
    place: 'A refused action',
    message: 'Conflict … is already resolved / The local … of conflict … no longer exists: nothing to resolve',
    cause: 'Someone else (or the sync) closed the conflict, or the record was deleted, since the page was opened.',
    resolution: 'Reload the Conflicts page; nothing more to do for this one.',
    sources: ['class:ConflictClosedError', 'class:RecordGoneError'],
  },
  {
    id: 'easycars-refused-change',
    place: 'A refused action',
    message: 'EasyCars refused the change: …. Nothing was written. / EasyCars could not be reached (…). Nothing was written; try again later.',
    cause: 'Resolving a lead conflict sends the change to EasyCars first; EasyCars said no, or did not answer.',
    resolution: 'If EasyCars gave a reason, change the value accordingly; otherwise try again later.',
    sources: ['class:EasyCarsRefusedError'],
  },
  {
    id: 'vehicle-push-refused',
    place: 'A refused action',
    message: VEHICLE_PUSH_REFUSED,
    cause: 'Push to EasyCars was chosen on a vehicle discrepancy; EasyCars does not let its stock be changed from outside.',
    resolution: 'Change the vehicle in EasyCars, then use Sync from EasyCars (or wait for the next stock sync).',
    sources: ['const:VEHICLE_PUSH_REFUSED'],
  },
  {
    id: 'lead-deleted-final',
    place: 'A refused action',
    message: 'status: a deleted lead cannot be reopened (Deleted is final in EasyCars)',
    cause: 'A lead marked Deleted was set back to another status; EasyCars does not allow that.',
    resolution: 'Create a new lead instead.',
    sources: ["throw:sync/lead/outbox.ts ValidationError 'status"],
  },
  {
    id: 'not-found',
    place: 'A refused action',
    message: 'No sync run … / No connection with id “…” / Conflict … not found / Alert … not found / No reconciliation … (and the like)',
    cause: 'The item was deleted (for example by the history clean-up) or the link is wrong.',
    resolution: 'Go back to the list and open it from there.',
    sources: [
      'throw:history/read.ts',
      'throw:sync/runs.ts',
      'throw:connections/service.ts NotFoundError',
      'throw:conflicts/resolve.ts NotFoundError',
      'throw:conflicts/bulk.ts',
      'throw:alerts/service.ts NotFoundError',
      'throw:reconciliation/service.ts',
      'throw:reconciliation/action-jobs.ts',
    ],
  },
  {
    id: 'forbidden',
    place: 'A refused action',
    message: 'Forbidden (403) / a page or button missing',
    cause: 'Your role lacks the plugin action (Read sync data, Start syncs, Resolve conflicts, Manage connections and settings).',
    resolution: 'Ask a super admin to give your role the action in Settings → Roles.',
    sources: ['throw:monitoring/auth.ts'],
  },
  {
    id: 'alert-rule-busy',
    place: 'A refused action',
    message: 'Alert rule … keeps changing; try again',
    cause: 'The rule was being evaluated at the same moment, several times in a row.',
    resolution: 'Save again.',
    sources: ['error:alerts/service.ts'],
  },

  // start-up (for the system administrator)
  {
    id: 'startup-config',
    place: 'Start-up',
    message: 'easycars.config.… must be … / EASYCARS_… must be … (got “…”)',
    cause: 'A plugin setting in config/plugins.ts, or its environment variable, has a wrong value; Strapi refuses to start.',
    resolution: 'Correct the setting named in the message (see the configuration reference).',
    sources: ['error:config/schema.ts'],
  },
  {
    id: 'startup-encryption-key',
    place: 'Start-up',
    message: 'EASYCARS_ENCRYPTION_KEY … (missing in production, or malformed)',
    cause: 'The key that encrypts the EasyCars credentials is missing or not 32 bytes.',
    resolution: 'Set EASYCARS_ENCRYPTION_KEY to the key used so far (`openssl rand -base64 32` for a new one: stored credentials then need re-entry).',
    sources: ['class:EncryptionKeyError'],
  },
  {
    id: 'startup-allowed-base-urls',
    place: 'Start-up',
    message: 'EASYCARS_ALLOWED_BASE_URLS: “…” is not an http(s) origin such as http://127.0.0.1:4010',
    cause: 'An entry of the allowed list is not an origin.',
    resolution: 'Write each entry as scheme, host and port only, comma-separated.',
    sources: ['error:easycars/origin-policy.ts'],
  },
  {
    id: 'startup-redis',
    place: 'Start-up',
    message: '[easycars] Cannot reach Redis at … (REDIS_URL): …',
    cause: 'REDIS_URL is set but Redis does not answer.',
    resolution: 'Start Redis or correct REDIS_URL; unset it to run the jobs inside Strapi.',
    sources: ['error:queue/bullmq-driver.ts `[easycars]'],
  },

  // for developers: programming or set-up mistakes no administrator causes
  {
    id: 'developer',
    place: 'For developers',
    message: 'The EasyCars queue is not running / No handler is registered for … syncs / System job … / The lock of run … lapsed before the run was queued / an invalid cron',
    cause: 'Code registered a job wrongly, or called the queue before it started.',
    resolution: 'A bug or a custom extension: report it with the server log.',
    sources: [
      'error:queue/service.ts',
      'error:queue/cron.ts',
      'error:queue/bullmq-driver.ts `The lock',
    ],
  },
];

const PLACES: { place: MessagePlace; intro: string }[] = [
  { place: 'Test connection', intro: 'What *Test connection* (Settings → Connections) answers.' },
  {
    place: 'A sync run',
    intro: "A run's error message: on the Dashboard's cards and alerts, and on the run in Sync History.",
  },
  { place: 'A refused action', intro: 'What the admin pages say when they refuse a change or a request.' },
  { place: 'Start-up', intro: 'Strapi refuses to start, with this in its log (for the system administrator).' },
  { place: 'For developers', intro: 'Mistakes in code or set-up, not caused by an administrator.' },
];

export function renderMessages(): string {
  const lines = [
    '# Messages and what to do about them',
    '',
    GENERATED_NOTE,
    '',
    'Every message EasyCars for Strapi shows for an EasyCars failure or a refused action, collected from the code',
    '(`scripts/docs/troubleshooting-messages.ts`; a test fails when the code makes a message that has no entry here).',
    '`…` stands for the parts that vary, such as a name or a number.',
    '',
  ];
  for (const { place, intro } of PLACES) {
    lines.push(`## ${place}`, '', intro, '');
    for (const entry of MESSAGES.filter((m) => m.place === place)) {
      lines.push(`### ${entry.id}`, '', `> ${entry.message}`, '', `**Why:** ${entry.cause}`, '', `**What to do:** ${entry.resolution}`, '');
    }
  }
  return lines.join('\n');
}
