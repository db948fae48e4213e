/** The search for a lead whose CreateLead answer was lost, against a simulated lead counter. */
import {
  findLostLead,
  latestInstantOfSydneyTime,
  probeWith,
  type Probe,
} from '../../../plugins/easycars/server/src/sync/lead/recovery';
import { NetworkError, ValidationError } from '../../../plugins/easycars/server/src/easycars';

/** Leads 1..n of an account; `ours` are readable (own lead source), the rest belong to another source. */
function account(
  n: number,
  options: { ours?: (i: number) => boolean; ext?: Record<number, string>; created?: (i: number) => string } = {}
) {
  const reads: number[] = [];
  const probe = async (i: number): Promise<Probe> => {
    reads.push(i);
    if (i < 1 || i > n) return { kind: 'missing' };
    if (options.ours && !options.ours(i)) return { kind: 'foreign' };
    return {
      kind: 'own',
      detail: {
        LeadNumber: String(i).padStart(6, '0'),
        ExternalID: options.ext?.[i] ?? `other-${i}`,
        CreatedDateTime: options.created?.(i) ?? '01/01/2030 10:00:00',
      } as any,
    };
  };
  return { probe, reads };
}

const since = new Date('2030-01-01T00:00:00Z');

describe('findLostLead', () => {
  it('finds the lead just above the floor', async () => {
    const { probe } = account(13, { ext: { 13: 'mine' } });
    const result = await findLostLead(probe, { externalId: 'mine', floor: 12, since, maxProbes: 20 });
    expect(result).toMatchObject({ outcome: 'found', leadNumber: '000013' });
  });

  it('finds it among many later leads of other lead sources, in few reads', async () => {
    const { probe, reads } = account(500, { ours: (i) => i === 431 || i < 100, ext: { 431: 'mine' } });
    const result = await findLostLead(probe, { externalId: 'mine', floor: 99, since, maxProbes: 200 });
    expect(result).toMatchObject({ outcome: 'found', leadNumber: '000431' });
    expect(reads.length).toBeLessThan(100);
  });

  it('says absent when nothing above the floor is ours', async () => {
    const { probe } = account(20);
    expect(await findLostLead(probe, { externalId: 'mine', floor: 12, since, maxProbes: 40 })).toMatchObject({
      outcome: 'absent',
    });
    const empty = account(0);
    expect(await findLostLead(empty.probe, { externalId: 'mine', floor: 0, since, maxProbes: 5 })).toMatchObject({
      outcome: 'absent',
    });
  });

  it('stops reading down at a lead created well before the attempt', async () => {
    // leads 1..1000, all ours; only the last 3 were created after the attempt started
    const { probe, reads } = account(1000, {
      created: (i) => (i > 997 ? '01/01/2030 11:00:00' : '01/01/2029 11:00:00'),
    });
    const result = await findLostLead(probe, { externalId: 'mine', floor: 0, since, maxProbes: 60 });
    expect(result).toMatchObject({ outcome: 'absent' });
    expect(reads.length).toBeLessThan(60);
  });

  it('reads past a small gap in the numbering', async () => {
    const probe = async (i: number): Promise<Probe> =>
      i === 14 || i > 16 || i < 1
        ? { kind: 'missing' }
        : {
            kind: 'own',
            detail: {
              LeadNumber: String(i).padStart(6, '0'),
              ExternalID: i === 16 ? 'mine' : 'x',
              CreatedDateTime: '01/01/2030 10:00:00',
            } as any,
          };
    expect(await findLostLead(probe, { externalId: 'mine', floor: 12, since, maxProbes: 20 })).toMatchObject({
      outcome: 'found',
      leadNumber: '000016',
    });
  });

  it('gives up as unknown past its budget, or on an answer it cannot read', async () => {
    const { probe } = account(5000, { ours: () => false });
    expect(await findLostLead(probe, { externalId: 'mine', floor: 0, since, maxProbes: 10 })).toMatchObject({
      outcome: 'unknown',
    });
    const odd = async (): Promise<Probe> => ({ kind: 'unreadable', message: 'Service paused.' });
    expect(await findLostLead(odd, { externalId: 'mine', floor: 0, since, maxProbes: 10 })).toMatchObject({
      outcome: 'unknown',
      reason: expect.stringContaining('Service paused.'),
    });
  });

  it('lets a transient failure through to the caller', async () => {
    const failing = async (): Promise<Probe> => {
      throw new NetworkError({ endpoint: 'GetLeadDetail', host: 'x' });
    };
    await expect(findLostLead(failing, { externalId: 'mine', floor: 0, since, maxProbes: 10 })).rejects.toBeInstanceOf(
      NetworkError
    );
  });
});

describe('probeWith', () => {
  it("tells missing, foreign and unreadable leads apart by EasyCars' messages", async () => {
    const refuse = (vendorMessage: string) => ({
      getLeadDetail: async () => {
        throw new ValidationError({ endpoint: 'GetLeadDetail', code: 7, vendorMessage });
      },
    });
    expect(await probeWith(refuse('Lead not found.'))(3)).toEqual({ kind: 'missing' });
    expect(await probeWith(refuse('Lead not found for this lead source.'))(3)).toEqual({ kind: 'foreign' });
    expect(await probeWith(refuse('Something else'))(3)).toEqual({ kind: 'unreadable', message: 'Something else' });
    const asked: string[] = [];
    await probeWith({ getLeadDetail: async (n: string) => (asked.push(n), { LeadNumber: n } as any) })(42);
    expect(asked).toEqual(['000042']);
  });
});

describe('latestInstantOfSydneyTime', () => {
  it('reads dd/MM/yyyy HH:mm:ss as Sydney standard time, the latest instant it can be', () => {
    expect(latestInstantOfSydneyTime('28/11/2024 10:42:12')).toBe(Date.parse('2024-11-28T00:42:12Z'));
    expect(latestInstantOfSydneyTime('2024-11-28')).toBeNull();
    expect(latestInstantOfSydneyTime(null)).toBeNull();
  });
});
