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
  | 'An admin page'
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
    cause:
      'Both credential pairs work: the client ID and secret got a token, and the account number and secret were accepted.',
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
    cause:
      'The client pair works, but EasyCars refused the second pair, the Account Number and Account Secret (they identify the dealership).',
    resolution:
      'Copy the account number and secret again from EasyCars, check they belong to this environment, and test again.',
    sources: ['test:account'],
  },
  {
    id: 'test-timeout',
    place: 'Test connection',
    message: 'EasyCars did not answer in … s',
    cause: 'EasyCars was too slow to answer, or the network in between dropped the request.',
    resolution:
      'Try again in a few minutes. If it keeps happening, ask your technical support whether the server can reach EasyCars.',
    sources: ['test:timeout'],
  },
  {
    id: 'test-network',
    place: 'Test connection',
    message: 'Could not reach EasyCars at …',
    cause:
      'The server could not connect to EasyCars at all (address wrong, no internet access, firewall, or a refused internal address).',
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
    resolution:
      'Usually nothing: the next scheduled run tries again. If it repeats for hours, check EasyCars is up with their support.',
    sources: ['run:timeout', 'class:TimeoutError'],
  },
  {
    id: 'run-network',
    place: 'A sync run',
    message: 'Could not reach EasyCars: …. The next run will try again.',
    cause: 'The server could not connect to EasyCars (network, DNS, firewall).',
    resolution:
      'Wait for the next run. If every run fails this way, ask your technical support to check the server’s internet access.',
    sources: ['run:network', 'class:NetworkError', 'class:InternalAddressError'],
  },
  {
    id: 'run-easycars-failed',
    place: 'A sync run',
    message:
      'EasyCars call failed: EasyCars … (answered HTTP …, reported a system error, rejected the request, sent a malformed answer)',
    cause:
      'EasyCars answered with an error: its own system error, a refusal with its reason, too many requests (HTTP 429), or an answer that could not be read.',
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
    cause:
      'EasyCars sent far fewer vehicles than are listed on the site. That is more often an EasyCars or account problem than a sold-out yard, so the run stopped before unlisting them.',
    resolution:
      'Check the stock in EasyCars (and the connection’s yard code). If the stock really went, run Sync stock again with “force” (Dashboard or Connections).',
    sources: ['fn:safetyStopReason'],
  },
  {
    id: 'run-items-failed',
    place: 'A sync run',
    message:
      '… of … items could not be applied / None of the … vehicles from EasyCars could be applied / … leads could not be synced: see the items',
    cause: 'Some records could not be written; each one’s reason is in the run’s failed items.',
    resolution:
      'Open the run in Sync History, filter its items on “failed”, and fix each record as its reason says (often in EasyCars).',
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
    message:
      'The stored credentials of “…” can no longer be read (the encryption key or where EasyCars is reached changed). Re-enter them in Settings → Connections.',
    cause:
      'The server’s encryption key changed, or the connection’s address changed: the stored credentials cannot be used.',
    resolution: 'Open Settings → Connections, enter the four credentials again and save.',
    sources: [
      'class:CredentialsNeedReentryError',
      'class:DecryptionError',
      'class:ConnectionUnusableError',
      'class:RunStop',
    ],
  },
  {
    id: 'run-base-url-refused',
    place: 'A sync run',
    message:
      'The base URL of “…” is not used: it must be an EasyCars host … or an origin listed in EASYCARS_ALLOWED_BASE_URLS.',
    cause: 'The connection’s Base URL override is no longer allowed, so its credentials are not sent there.',
    resolution:
      'Clear the Base URL override (to use EasyCars itself), or ask your technical support to allow that address.',
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
    resolution:
      'Ask your technical support to check the message (often the archive folder cannot be written), then Clean up now again.',
    sources: ['error:retention/job.ts'],
  },

  // refused actions
  {
    id: 'field-invalid',
    place: 'A refused action',
    message:
      '<field> is required / must be … (each wrong field and why, e.g. “clientId is required; baseUrl must be an http(s) URL …”)',
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
    message:
      'clientId, … must be re-entered: changing the base URL or environment changes where the credentials are sent',
    cause:
      'Credentials are sealed for one address. Changing the environment or base URL without them would send them somewhere new.',
    resolution: 'Enter the four credentials for the new environment or address together with the change.',
    sources: ['throw:connections/service.ts ValidationError `${missing'],
  },
  {
    id: 'base-url-not-allowed',
    place: 'A refused action',
    message: 'baseUrl must be an EasyCars host (…) or an origin listed in EASYCARS_ALLOWED_BASE_URLS',
    cause: 'The Base URL override points somewhere that is not EasyCars and is not on the server’s allowed list.',
    resolution:
      'Leave Base URL override empty for EasyCars itself, or ask your technical support to add the address to the allowed list.',
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
    resolution:
      'Wait for the running one to finish (its progress is on the Dashboard), then start again if still needed.',
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
    message:
      'EasyCars refused the change: …. Nothing was written. / EasyCars could not be reached (…). Nothing was written; try again later.',
    cause: 'Resolving a lead conflict sends the change to EasyCars first; EasyCars said no, or did not answer.',
    resolution: 'If EasyCars gave a reason, change the value accordingly; otherwise try again later.',
    sources: ['class:EasyCarsRefusedError'],
  },
  {
    id: 'vehicle-push-refused',
    place: 'A refused action',
    message: VEHICLE_PUSH_REFUSED,
    cause:
      'Push to EasyCars was chosen on a vehicle discrepancy; EasyCars does not let its stock be changed from outside.',
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
    message:
      'No sync run … / No connection with id “…” / Conflict … not found / Alert … not found / No reconciliation … (and the like)',
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
    cause:
      'Your role lacks the plugin action (Read sync data, Start syncs, Resolve conflicts, Manage connections and settings).',
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

  // what the admin pages word themselves; `…` after a colon is the server's reason, listed above
  {
    id: 'admin-load-failed',
    place: 'An admin page',
    message:
      'The … could not be loaded: … / Sync health could not be loaded. Open the dashboard to try again. / The support contacts could not be loaded. Close this and try again.',
    cause:
      'The page asked the server for its data and got an error: the server restarted, your session ended, or the server gave the reason after the colon.',
    resolution:
      'Press Retry (or reload the page). If you are sent to the login page, log in again. If it keeps failing, ask your technical support to look at the server log.',
    sources: [
      'admin:components/PageStates.tsx The … could not be loaded',
      'admin:components/dashboard/HealthWidget.tsx Sync health could not be loaded',
      'admin:components/HelpSupport.tsx The support contacts could not be loaded',
    ],
  },
  {
    id: 'admin-no-permission',
    place: 'An admin page',
    message:
      'You may not see the …: your role needs the EasyCars permission “…”. / Your role needs the EasyCars permission “Read sync data” to see sync health.',
    cause: 'Your role lacks the EasyCars permission the page reads with (usually Read sync data).',
    resolution:
      'Ask a super admin to give your role that permission in Settings → Administration Panel → Roles → EasyCars.',
    sources: [
      'admin:components/PageStates.tsx You may not see the',
      'admin:components/dashboard/HealthWidget.tsx Your role needs the EasyCars permission',
    ],
  },
  {
    id: 'admin-role-may-not-start',
    place: 'An admin page',
    message:
      'No syncs found — a user allowed to start syncs can run the first one / No reconciliation yet — a user allowed to start syncs can run one / No EasyCars connection yet — an administrator who may manage connections can add one',
    cause:
      'Nothing is there yet, and your role may not start syncs (Start syncs) or add connections (Manage connections and settings), so the page offers no button.',
    resolution:
      'Ask someone whose role has the permission, or a super admin to give it to your role (Settings → Roles).',
    sources: [
      'admin:pages/RunsPage.tsx No syncs found — a user allowed',
      'admin:pages/ReconciliationsPage.tsx No reconciliation yet — a user allowed',
      'admin:pages/ConnectionsPage.tsx No EasyCars connection yet — an administrator',
    ],
  },
  {
    id: 'admin-not-saved',
    place: 'An admin page',
    message: 'Not saved: … / Not saved: Check the highlighted fields.',
    cause:
      'A connection, an alert rule, the conflict settings or Help & support were not saved: the form found wrong fields (each is highlighted with its reason), or the server refused the change and said why.',
    resolution:
      'Correct the highlighted fields, or what the reason names (see “A refused action” above), and save again. Nothing was changed until then.',
    sources: [
      'admin:components/ConnectionFormModal.tsx Not saved',
      'admin:components/ConnectionFormModal.tsx Check the highlighted fields',
      'admin:components/alerts/RuleFormModal.tsx Not saved',
      'admin:components/alerts/RuleFormModal.tsx Check the highlighted fields',
      'admin:pages/ConflictSettingsPage.tsx Not saved',
      'admin:pages/SupportSettingsPage.tsx Not saved',
    ],
  },
  {
    id: 'admin-field-check',
    place: 'An admin page',
    message: '<field> is required: … / <field> must be a percent from … to … / <field> is invalid (under the field)',
    cause:
      'The form checks each field before sending it, with the same rules as the server; a credential is required when the saved one cannot be used.',
    resolution: 'Fill in or correct the field as its message says, then save (or test) again.',
    sources: [
      'admin:components/ConnectionFormModal.tsx … is required: …',
      'admin:components/ConnectionFormModal.tsx Required: the saved value can no longer be read',
      'admin:components/ConnectionFormModal.tsx the saved value can no longer be read',
      'admin:components/alerts/ruleForm.ts … must be a percent',
      'admin:components/alerts/ruleForm.ts must be a share',
      'admin:components/alerts/ruleForm.ts is invalid',
      'admin:utils/connectionForm.ts is invalid',
    ],
  },
  {
    id: 'admin-credentials-reentry',
    place: 'An admin page',
    message:
      'Needs re-entry: The saved credentials can no longer be read (the encryption key or where EasyCars is reached changed). Enter all four again and save. / Enter the credentials again: The base URL or environment changed. …',
    cause:
      'The connection form (or the Credentials badge on Connections) says the saved credentials cannot be used: the server’s encryption key changed, or you are changing where they are sent.',
    resolution:
      'Enter the Client ID, Client secret, Account number and Account secret again in the same form, and save.',
    sources: [
      'admin:components/ConnectionFormModal.tsx Needs re-entry',
      'admin:components/ConnectionFormModal.tsx The saved credentials can no longer be read (the encryption',
      'admin:components/ConnectionFormModal.tsx Enter the credentials again',
      'admin:components/ConnectionFormModal.tsx The base URL or environment changed. The saved',
      'admin:components/ConnectionBadges.tsx The saved credentials can no longer be read',
    ],
  },
  {
    id: 'admin-test-incomplete',
    place: 'An admin page',
    message:
      'Enter all four credentials to test them: … / The test needs complete settings: Fill in the highlighted fields, then test again.',
    cause:
      'Test connection was pressed with some credentials typed and others blank, with credentials that must be re-entered, or with a required field empty. Nothing was sent to EasyCars.',
    resolution:
      'Leave all four credential fields blank to test the saved ones, or fill in all four to test new ones; fill in the highlighted fields.',
    sources: [
      'admin:components/ConnectionFormModal.tsx Enter all four credentials to test them',
      'admin:components/ConnectionFormModal.tsx The saved credentials can no longer be read. Enter the',
      'admin:components/ConnectionFormModal.tsx The base URL or environment changed: the saved',
      'admin:components/ConnectionFormModal.tsx Leave all four credential fields blank',
      'admin:components/ConnectionFormModal.tsx The test needs complete settings',
      'admin:components/ConnectionFormModal.tsx Fill in the highlighted fields',
    ],
  },
  {
    id: 'admin-test-failed',
    place: 'An admin page',
    message: 'Connection failed: … / “…”: connection failed: … / The test could not be run: …',
    cause:
      '“Connection failed” carries one of the Test connection messages above. “The test could not be run” means the test request itself was refused (a permission, a wrong field, the server unreachable).',
    resolution:
      'For a failed connection, see Test connection above. Otherwise act on the reason after the colon and test again.',
    sources: ['admin:utils/testOutcome.ts'],
  },
  {
    id: 'admin-account-change',
    place: 'An admin page',
    message: 'Changing the account number: Leads already sent to EasyCars belong to the account they were sent to. …',
    cause: 'You are changing the Account Number of a connection. Leads keep the account they were sent to.',
    resolution:
      'Only change it when the dealership really moved to another EasyCars account; otherwise put the old number back.',
    sources: [
      'admin:components/ConnectionFormModal.tsx Changing the account number',
      'admin:components/ConnectionFormModal.tsx Leads already sent to EasyCars',
    ],
  },
  {
    id: 'admin-not-started',
    place: 'An admin page',
    message:
      'The sync could not start: … / Could not start: … / The bulk resolution did not start: … / The action did not start: … did not go through: …',
    cause:
      'The server refused to start it and said why: one already running, a disabled connection, a missing permission, a conflict or discrepancy that changed meanwhile.',
    resolution:
      'Act on the reason (see “A refused action” above); when one is already running, wait for it on the Dashboard.',
    sources: [
      'admin:pages/RunsPage.tsx The sync could not start',
      'admin:components/SyncActions.tsx Could not start',
      'admin:components/reconciliation/RunReconciliation.tsx Could not start',
      'admin:pages/ConflictsPage.tsx The bulk resolution did not start',
      'admin:pages/ReconciliationReportPage.tsx The action did not start',
      'admin:pages/ReconciliationReportPage.tsx … did not go through',
    ],
  },
  {
    id: 'admin-not-applied',
    place: 'An admin page',
    message:
      'Not applied: … / Not acknowledged: … / Could not mark read: … / “…” was not changed: … / “…” was not deleted: …',
    cause:
      'A resolution, an alert acknowledgement, a notification or an alert rule change was refused by the server, which gives the reason (often: already done by someone else, or gone).',
    resolution: 'Reload the page to see the current state, then act on the reason if it still applies.',
    sources: [
      'admin:components/ResolvePanel.tsx Not applied',
      'admin:pages/AlertsPage.tsx Not acknowledged',
      'admin:pages/NotificationsPage.tsx Could not mark read',
      'admin:pages/AlertRulesPage.tsx “…” was not changed',
      'admin:pages/AlertRulesPage.tsx “…” was not deleted',
    ],
  },
  {
    id: 'admin-download-failed',
    place: 'An admin page',
    message: 'The download failed: …',
    cause:
      'A CSV, JSON or PDF export was refused or cut short: a missing permission, a run or report deleted meanwhile, or a server error.',
    resolution:
      'Try again; narrow the filters for a very large export. If it keeps failing, send the reason to your technical support.',
    sources: ['admin:components/DownloadButtons.tsx The download failed'],
  },
  {
    id: 'admin-not-refreshed',
    place: 'An admin page',
    message: 'Not refreshed: The dashboard could not be refreshed (…); it shows the figures it had.',
    cause:
      'The dashboard’s periodic refresh failed (server restarting, network, session ended); the figures shown may be old.',
    resolution: 'Press Retry. If you are logged out, log in again.',
    sources: [
      'admin:pages/DashboardPage.tsx Not refreshed',
      'admin:pages/DashboardPage.tsx The dashboard could not be refreshed',
    ],
  },
  {
    id: 'admin-bulk-outcome',
    place: 'An admin page',
    message:
      '… of … conflicts resolved (then each one not resolved, and why) / Cannot tell how the bulk resolution is going: The server carries on with it and this page keeps asking. …',
    cause:
      'A bulk resolution ended with some conflicts skipped or refused (closed meanwhile, EasyCars refused the change), or the page lost sight of a job still running on the server.',
    resolution:
      'Read the reason of each conflict left; they stay in the Open tab. When the page cannot tell, close the message: the list shows what was resolved.',
    sources: [
      'admin:pages/ConflictsPage.tsx … of … conflicts resolved',
      'admin:pages/ConflictsPage.tsx Cannot tell how the bulk resolution is going',
      'admin:pages/ConflictsPage.tsx The server carries on with it',
    ],
  },
  {
    id: 'admin-action-outcome',
    place: 'An admin page',
    message: '<action>: … done, … refused, … failed (then each row’s outcome, and why)',
    cause:
      'A reconciliation action on several discrepancies ended with some refused (for example Push to EasyCars on a vehicle) or failed (EasyCars did not answer).',
    resolution:
      'Each row says why. Refused rows need another action (Sync from EasyCars, Ignore); failed ones can be tried again.',
    sources: ['admin:components/reconciliation/ActionJobProgress.tsx'],
  },
  {
    id: 'admin-cleanup-outcome',
    place: 'An admin page',
    message: 'Not started: … / The clean-up failed: … / The clean-up was interrupted: …. Deleted before it stopped: ….',
    cause:
      'Clean up now found a clean-up already running, or it stopped on an error or a restart; what it deleted before stays deleted.',
    resolution:
      'Wait for the running one and reload; for a failure, see “cleanup-failed” above and press Clean up now again.',
    sources: [
      'admin:pages/RetentionSettingsPage.tsx Not started',
      'admin:pages/RetentionSettingsPage.tsx The clean-up failed',
      'admin:pages/RetentionSettingsPage.tsx The clean-up was interrupted',
      'admin:pages/RetentionSettingsPage.tsx …. Deleted before it stopped',
    ],
  },
  {
    id: 'admin-alerts',
    place: 'An admin page',
    message:
      'Sync failed / Repeated failures / No recent success / Credentials need re-entry / Connection test failed / Leads not sent (a Dashboard alert, with its reason) / … alerts need attention / Still firing',
    cause: 'The Dashboard’s health checks, or an alert rule, found a problem that is still there.',
    resolution:
      'Follow the alert’s link (to the run, the connection or the leads) and act on the message it shows there; the alert clears once the cause is gone.',
    sources: [
      'admin:components/dashboard/AlertBanner.tsx',
      'admin:components/dashboard/HealthWidget.tsx … alert',
      'admin:components/alerts/AlertsList.tsx Still firing',
    ],
  },

  // start-up (for the system administrator)
  {
    id: 'startup-config',
    place: 'Start-up',
    message: 'easycars.config.… must be … / EASYCARS_… must be … (got “…”)',
    cause:
      'A plugin setting in config/plugins.ts, or its environment variable, has a wrong value; Strapi refuses to start.',
    resolution: 'Correct the setting named in the message (see the configuration reference).',
    sources: ['error:config/schema.ts'],
  },
  {
    id: 'startup-encryption-key',
    place: 'Start-up',
    message: 'EASYCARS_ENCRYPTION_KEY … (missing in production, or malformed)',
    cause: 'The key that encrypts the EasyCars credentials is missing or not 32 bytes.',
    resolution:
      'Set EASYCARS_ENCRYPTION_KEY to the key used so far (`openssl rand -base64 32` for a new one: stored credentials then need re-entry).',
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
    message:
      'The EasyCars queue is not running / No handler is registered for … syncs / System job … / The lock of run … lapsed before the run was queued / an invalid cron',
    cause: 'Code registered a job wrongly, or called the queue before it started.',
    resolution: 'A bug or a custom extension: report it with the server log.',
    sources: ['error:queue/service.ts', 'error:queue/cron.ts', 'error:queue/bullmq-driver.ts `The lock'],
  },
];

/** Admin texts that word a failure without being a message about one, and why (see admin-messages.ts). */
export const NOT_MESSAGES: { source: string; why: string }[] = [
  { source: 'admin:components/alerts/ruleForm.ts failed run', why: 'the unit of an alert rule’s threshold' },
  { source: 'admin:components/dashboard/QuickStats.tsx last test failed', why: 'the label of a count' },
  { source: 'admin:components/dashboard/HealthWidget.tsx Nothing needs attention', why: 'the healthy state' },
  { source: 'admin:components/history/RunItems.tsx Each vehicle', why: 'the description of a run’s records' },
  { source: 'admin:components/performance/PerformanceCharts.tsx Failed attempts', why: 'a chart’s description' },
  { source: 'admin:components/performance/NowPanel.tsx … delayed · … failed', why: 'the queue’s job counts' },
  { source: 'admin:pages/RetentionSettingsPage.tsx There is no archive', why: 'the warning before a clean-up' },
];

const PLACES: { place: MessagePlace; intro: string }[] = [
  { place: 'Test connection', intro: 'What *Test connection* (Settings → Connections) answers.' },
  {
    place: 'A sync run',
    intro: "A run's error message: on the Dashboard's cards and alerts, and on the run in Sync History.",
  },
  { place: 'A refused action', intro: 'What the admin pages say when they refuse a change or a request.' },
  {
    place: 'An admin page',
    intro:
      'What the admin pages themselves say when a request fails or is refused. After a colon, `…` is the server’s reason: one of the messages above.',
  },
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
      lines.push(
        `### ${entry.id}`,
        '',
        `> ${entry.message}`,
        '',
        `**Why:** ${entry.cause}`,
        '',
        `**What to do:** ${entry.resolution}`,
        ''
      );
    }
  }
  return lines.join('\n');
}
