/**
 * Every message the code makes for a failure or a refusal has an entry with a cause and a resolution, no entry
 * points at code that is gone, and the page is committed as generated.
 */
import { messageSources } from '../../scripts/docs/message-sources';
import { MESSAGES } from '../../scripts/docs/troubleshooting-messages';
import { expectFresh } from './generated';

describe('troubleshooting messages', () => {
  const sources = messageSources();

  it('finds the messages in the code', () => {
    expect(sources).toEqual(
      expect.arrayContaining(['test:client', 'class:RunConflictError', 'const:VEHICLE_PUSH_REFUSED', 'fn:safetyStopReason'])
    );
    expect(sources.filter((s) => s.startsWith('throw:')).length).toBeGreaterThan(10);
  });

  it('has an entry for every message source, and every entry still matches one', () => {
    const patterns = MESSAGES.flatMap((m) => m.sources);
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
