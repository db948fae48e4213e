/**
 * Every message the code (the server, and the admin pages' own wording) makes for a failure or a refusal has an entry with a cause and a resolution, no entry
 * points at code that is gone, and the page is committed as generated.
 */
import { messageSources } from '../../scripts/docs/message-sources';
import { MESSAGES, NOT_MESSAGES } from '../../scripts/docs/troubleshooting-messages';
import { expectFresh } from './generated';

describe('troubleshooting messages', () => {
  const sources = messageSources();

  it('finds the messages in the code', () => {
    expect(sources).toEqual(
      expect.arrayContaining([
        'test:client',
        'class:RunConflictError',
        'const:VEHICLE_PUSH_REFUSED',
        'fn:safetyStopReason',
      ])
    );
    expect(sources.filter((s) => s.startsWith('throw:')).length).toBeGreaterThan(10);
  });

  it('finds the messages the admin pages word themselves, in each kind of place they show one', () => {
    expect(sources).toEqual(
      expect.arrayContaining([
        // a danger notification, an alert's title, a hand-set error, an empty state, a field check, a safety-net find
        'admin:components/DownloadButtons.tsx The download failed: …',
        'admin:pages/ConflictsPage.tsx The bulk resolution did not start',
        'admin:components/alerts/RuleFormModal.tsx Check the highlighted fields.',
        'admin:components/PageStates.tsx The … could not be loaded: …',
        'admin:components/PageStates.tsx You may not see the …: your role needs the EasyCars permissi',
        'admin:components/ConnectionFormModal.tsx … is required: …',
        'admin:components/HelpSupport.tsx The support contacts could not be loaded. Close this and try',
      ])
    );
    // empty lists and one-word labels are not messages
    expect(sources).not.toContain('admin:pages/RunsPage.tsx No syncs found on this page');
    expect(sources.filter((s) => /^admin:\S+ \S+$/.test(s))).toEqual([]);
  });

  it('has an entry for every message source, and every entry still matches one', () => {
    const patterns = [...MESSAGES.flatMap((m) => m.sources), ...NOT_MESSAGES.map((n) => n.source)];
    const covered = (source: string) => patterns.some((p) => source.startsWith(p));
    expect(sources.filter((s) => !covered(s))).toEqual([]);
    expect(patterns.filter((p) => !sources.some((s) => s.startsWith(p)))).toEqual([]);
  });

  it('says for each entry what it means and what to do, once per id', () => {
    for (const m of MESSAGES) {
      expect({ id: m.id, ok: Boolean(m.message && m.cause && m.resolution) }).toEqual({ id: m.id, ok: true });
    }
    expect(new Set(MESSAGES.map((m) => m.id)).size).toBe(MESSAGES.length);
  });

  it('is committed as generated', () => {
    expectFresh('docs/troubleshooting-messages.md');
  });
});
