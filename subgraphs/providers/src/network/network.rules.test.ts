import { Violations } from '../../../../kit/errors';
import { checkJoin, checkNewNetwork, networksOn, planLeave, stayCovers } from './network.rules';

function violationsOf(check: (v: Violations) => void): string[] {
  const v = new Violations();
  check(v);
  try {
    v.throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string; rule: string }[] }).violations.map((x) => `${x.field}:${x.rule}`);
  }
}

describe('network membership on a day', () => {
  it('counts the day joined and the day left, and nothing outside them', () => {
    const stay = { joinedOn: '2026-02-01', leftOn: '2026-06-30' };
    expect(stayCovers(stay, '2026-01-31')).toBe(false);
    expect(stayCovers(stay, '2026-02-01')).toBe(true);
    expect(stayCovers(stay, '2026-06-30')).toBe(true);
    expect(stayCovers(stay, '2026-07-01')).toBe(false);
    expect(stayCovers({ joinedOn: '2026-02-01', leftOn: null }, '2030-01-01')).toBe(true);
  });

  it('lists the networks of a day from a history of stays', () => {
    const stays = [
      { code: 'AFYA-BASIC', joinedOn: '2024-01-01', leftOn: '2025-12-31' },
      { code: 'AFYA-PLUS', joinedOn: '2024-01-01', leftOn: null },
      { code: 'AFYA-BASIC', joinedOn: '2026-07-01', leftOn: null },
    ];
    expect(networksOn(stays, '2025-12-31')).toEqual(['AFYA-BASIC', 'AFYA-PLUS']);
    expect(networksOn(stays, '2026-03-01')).toEqual(['AFYA-PLUS']);
    expect(networksOn(stays, '2026-07-01')).toEqual(['AFYA-BASIC', 'AFYA-PLUS']);
  });
});

describe('joining and leaving', () => {
  it('refuses a second open stay and a stay that starts before the last one ended', () => {
    expect(() => checkJoin([{ joinedOn: '2026-01-01', leftOn: null }], '2026-05-01', 'AFYA-PLUS', new Violations())).toThrow(/already in network AFYA-PLUS/);
    expect(violationsOf((v) => checkJoin([{ joinedOn: '2025-01-01', leftOn: '2025-12-31' }], '2025-12-31', 'AFYA-PLUS', v))).toEqual(['joinedOn:AFTER_PREVIOUS_STAY']);
    expect(violationsOf((v) => checkJoin([{ joinedOn: '2025-01-01', leftOn: '2025-12-31' }], '2026-01-01', 'AFYA-PLUS', v))).toEqual([]);
  });

  it('closes the open stay, not before it began', () => {
    const stays = [{ joinedOn: '2024-01-01', leftOn: '2024-12-31' }, { joinedOn: '2026-03-01', leftOn: null }];
    expect(planLeave(stays, '2026-09-30', 'AFYA-PLUS', new Violations())).toBe(stays[1]);
    expect(violationsOf((v) => planLeave(stays, '2026-02-28', 'AFYA-PLUS', v))).toEqual(['leftOn:NOT_BEFORE_JOINED_ON']);
    expect(() => planLeave([stays[0]], '2026-09-30', 'AFYA-PLUS', new Violations())).toThrow(/not in network AFYA-PLUS/);
  });

  it('normalises network codes and refuses malformed ones', () => {
    const v = new Violations();
    expect(checkNewNetwork({ code: ' afya-plus ', name: 'Afya Plus' }, v)).toBe('AFYA-PLUS');
    expect(violationsOf((x) => checkNewNetwork({ code: 'AFYA PLUS', name: 'A' }, x))).toEqual(['code:NETWORK_CODE', 'name:REQUIRED']);
  });
});
