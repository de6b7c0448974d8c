import { adjudicate } from './adjudicate';
import { aBenefit, anInput } from './fixtures';
import { ReasonCode } from './types';
import { waitingPeriodEnds, waitingPeriodReason } from './waiting-period';

describe('waiting period (step 6)', () => {
  const maternity = aBenefit({ name: 'Maternity', waitingPeriodDays: 30 });

  it('ends on cover start + waiting days: the first day the benefit pays', () => {
    expect(waitingPeriodEnds('2025-01-01', 30)).toBe('2025-01-31');
    expect(waitingPeriodEnds('2025-01-01', 0)).toBe('2025-01-01');
    expect(waitingPeriodEnds('2024-12-15', 365)).toBe('2025-12-15');
  });

  it('rejects the day before it ends and pays on the day it ends', () => {
    expect(waitingPeriodReason('2025-01-30', '2025-01-01', maternity)?.code).toBe(ReasonCode.WAITING_PERIOD);
    expect(waitingPeriodReason('2025-01-31', '2025-01-01', maternity)).toBeNull();
    expect(waitingPeriodReason('2025-01-01', '2025-01-01', maternity)?.message).toContain('from 2025-01-31');
  });

  it('does nothing without a waiting period', () => {
    expect(waitingPeriodReason('2025-01-01', '2025-01-01', aBenefit({ waitingPeriodDays: 0 }))).toBeNull();
  });

  it('denies every line of a claim inside the waiting period', () => {
    const input = (serviceDate: string) => anInput({ claim: { serviceDate }, coverage: { coveredFrom: '2025-03-01' }, benefit: { waitingPeriodDays: 90 } });
    const waiting = adjudicate(input('2025-05-29'));
    expect(waiting.decision).toBe('DENIED');
    expect(waiting.lines[0].reasons[0].code).toBe(ReasonCode.WAITING_PERIOD);
    expect(waiting.steps?.find((s) => s.step === 'WAITING_PERIOD')?.outcome).toBe('FAILED');
    expect(adjudicate(input('2025-05-30')).decision).toBe('APPROVED');
  });

  it('counts from continuous cover, so a renewal does not start the wait again', () => {
    const renewed = anInput({
      claim: { serviceDate: '2025-01-15' },
      coverage: { coveredFrom: '2025-01-01', waitingPeriodFrom: '2023-06-01' },
      benefit: { waitingPeriodDays: 300 },
    });
    expect(adjudicate(renewed).decision).toBe('APPROVED');
    const newJoiner = anInput({ claim: { serviceDate: '2025-01-15' }, coverage: { coveredFrom: '2025-01-01' }, benefit: { waitingPeriodDays: 300 } });
    expect(adjudicate(newJoiner).lines[0].reasons[0].code).toBe(ReasonCode.WAITING_PERIOD);
  });
});
