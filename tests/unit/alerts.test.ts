/** The pure parts of alerting: the rule contract per type, evaluation, the change of state and the notice's words. */
import { ALERT_TYPES, ALERT_TYPE_INFO, alertRuleSchema } from '../../plugins/easycars/shared/contracts/alerts';
import { evaluate, transitionOf, type Figure } from '../../plugins/easycars/server/src/alerts/evaluate';
import { alertNotice, linkOf } from '../../plugins/easycars/server/src/alerts/message';

const base = { name: 'r', recipients: [], inApp: true, enabled: true, severity: 'warning' };
const figure = (value: number | null, extra: Partial<Figure> = {}): Figure => ({
  connectionId: 'c1',
  connectionName: 'Main',
  kind: 'stock',
  value,
  from: '2026-12-01T10:00:00.000Z',
  ...extra,
});

describe('the rule contract', () => {
  it.each(ALERT_TYPES)('accepts a sensible %s rule', (type) => {
    const info = ALERT_TYPE_INFO[type];
    const rule = {
      ...base,
      type,
      threshold: info.unit === 'share' ? 0.25 : 5,
      ...(info.windowed ? { windowMinutes: 15 } : {}),
    };
    expect(alertRuleSchema.safeParse(rule).success).toBe(true);
  });

  it('reads a share as 0–1, never a percent', () => {
    const rule = { ...base, type: 'api_error_rate', windowMinutes: 5 };
    expect(alertRuleSchema.safeParse({ ...rule, threshold: 1 }).success).toBe(true);
    const percent = alertRuleSchema.safeParse({ ...rule, threshold: 25 });
    expect(percent.error?.issues[0]).toMatchObject({ path: ['threshold'] });
  });
});

describe('evaluate', () => {
  const failures = { type: 'sync_failures' as const, threshold: 3, windowMinutes: null };

  it('fires when the worst figure reaches the threshold, since the figure began', () => {
    const result = evaluate(failures, [figure(1), figure(3, { connectionName: 'Second' })]);
    expect(result).toMatchObject({ firing: true, value: 3, threshold: 3, since: '2026-12-01T10:00:00.000Z' });
    expect(result.summary).toBe('3 failed runs in a row (Second, stock)');
  });

  it('does not fire below the threshold, nor on nothing to measure', () => {
    expect(evaluate(failures, [figure(2)])).toMatchObject({ firing: false, value: 2, since: null });
    const rate = { type: 'failure_rate' as const, threshold: 0.5, windowMinutes: 60 };
    expect(evaluate(rate, [figure(null)])).toMatchObject({
      firing: false,
      value: null,
      summary: 'nothing to measure in the last 60 minutes',
    });
    expect(evaluate(failures, [])).toMatchObject({ firing: false, figure: null });
  });

  it('dates an age from when it crossed the threshold', () => {
    const stale = { type: 'stale' as const, threshold: 30, windowMinutes: null };
    expect(evaluate(stale, [figure(45)]).since).toBe('2026-12-01T10:30:00.000Z');
    const backlog = { type: 'queue_backlog' as const, threshold: 90, windowMinutes: null };
    expect(evaluate(backlog, [figure(120)]).since).toBe('2026-12-01T10:01:30.000Z');
  });

  it('says shares as percents with their counts', () => {
    const rate = { type: 'api_error_rate' as const, threshold: 0.2, windowMinutes: 15 };
    expect(evaluate(rate, [figure(0.25, { count: 1, of: 4 })]).summary).toBe(
      '25% (1 of 4) of the calls to EasyCars failed in the last 15 minutes (Main, stock)'
    );
  });
});

describe('transitionOf', () => {
  it('tells only a change of state', () => {
    expect(transitionOf('ok', true)).toBe('fire');
    expect(transitionOf('firing', true)).toBeNull();
    expect(transitionOf('firing', false)).toBe('recover');
    expect(transitionOf('ok', false)).toBeNull();
  });
});

describe('the notice', () => {
  it('says what fired, the figure against the threshold, since when, and where to look', () => {
    const notice = alertNotice({
      ruleName: 'Leads <late>',
      type: 'lead_sla',
      severity: 'critical',
      threshold: 10,
      value: 42.5,
      summary: 'a website lead has waited 42 minutes to reach EasyCars',
      since: '2026-12-01T10:10:00.000Z',
      firedAt: '2026-12-01T10:12:00.000Z',
      url: 'https://cms.example.com/admin/x?a=1&b=2',
    });
    expect(notice.title).toBe('Critical: Leads <late>');
    expect(notice.text).toContain('Figure: 42 minutes, threshold 10 minutes.');
    expect(notice.text).toContain('Since: 2026-12-01 10:10:00 UTC.');
    expect(notice.text).toContain('Look here: https://cms.example.com/admin/x?a=1&b=2');
    expect(notice.html).toContain('Leads &lt;late&gt;');
    expect(notice.html).toContain('href="https://cms.example.com/admin/x?a=1&amp;b=2"');
  });

  it('links each type to the page that explains it', () => {
    expect(linkOf('sync_failures', figure(3))).toBe('/plugins/easycars/runs?connectionId=c1&kind=stock&status=failed');
    expect(linkOf('api_throttled', figure(1, { runId: 7 }))).toBe('/plugins/easycars/runs/7');
    expect(linkOf('stale', figure(50))).toBe('/plugins/easycars');
    expect(linkOf('lead_sla', figure(20, { kind: null, pushStatus: 'failed' }))).toContain(
      'api::lead.lead?filters[$and][0][pushStatus][$eq]=failed'
    );
  });
});
