import type { DataSource } from 'typeorm';
import { BUSINESS_TIME_ZONE, isIsoDate } from '../../../../kit/dates';
import { Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { Money, minorFromSql } from '../../../../kit/money';
import { conversionRateBps, ISSUED_STATUSES } from '../commission/commission.rules';
import { AgentPerformance } from './performance.types';

export interface PerformanceQuery {
  from: string;
  to: string;
  agentId?: string | null;
  teamId?: string | null;
  currency: string;
}

interface Row {
  agent_id: string;
  agent_code: string;
  name: string;
  team_id: string | null;
  policies_sold: number;
  premium_written: string;
  leads_received: number;
  leads_converted: number;
  won: number;
  lost: number;
  accrued: string;
  clawed_back: string;
  paid: string;
}

/**
 * Agent performance over a period, in one statement whatever the number of agents. Sales come
 * from every policy crm knows the agent sold, whether or not commission was accrued on it; leads
 * converted are those of the period's leads converted by now, so the rate never passes 100%.
 */
export class PerformanceService {
  constructor(private readonly dataSource: DataSource) {}

  async agentPerformance(query: PerformanceQuery): Promise<AgentPerformance[]> {
    const violations = new Violations();
    if (!isIsoDate(query.from)) violations.add('from', 'DATE', 'must be a date (YYYY-MM-DD)');
    if (!isIsoDate(query.to)) violations.add('to', 'DATE', 'must be a date (YYYY-MM-DD)');
    if (!violations.any && query.to < query.from) violations.add('to', 'NOT_BEFORE_FROM', 'must be on or after from');
    if (query.agentId && !isUuid(query.agentId)) violations.add('agentId', 'VALID_ID', `"${query.agentId}" is not an agent id`);
    if (query.teamId && !isUuid(query.teamId)) violations.add('teamId', 'VALID_ID', `"${query.teamId}" is not a team id`);
    violations.throwIfAny();
    const rows: Row[] = await this.dataSource.query(
      `SELECT a.id AS agent_id, a.agent_code, a.name, a.team_id,
         (SELECT count(*) FROM policy_sales s
           WHERE s.sales_agent_id = a.id AND s.status = ANY($7) AND s.start_date BETWEEN $1 AND $2)::int AS policies_sold,
         (SELECT coalesce(sum(s.annual_premium_minor), 0) FROM policy_sales s
           WHERE s.sales_agent_id = a.id AND s.status = ANY($7) AND s.currency = $5 AND s.start_date BETWEEN $1 AND $2) AS premium_written,
         (SELECT count(*) FROM leads l WHERE l.agent_id = a.id AND l.received_on BETWEEN $1 AND $2)::int AS leads_received,
         (SELECT count(*) FROM leads l
           WHERE l.agent_id = a.id AND l.received_on BETWEEN $1 AND $2 AND l.status = 'CONVERTED')::int AS leads_converted,
         (SELECT count(*) FROM opportunities o WHERE o.agent_id = a.id AND o.stage = 'CLOSED_WON' AND o.closed_on BETWEEN $1 AND $2)::int AS won,
         (SELECT count(*) FROM opportunities o WHERE o.agent_id = a.id AND o.stage = 'CLOSED_LOST' AND o.closed_on BETWEEN $1 AND $2)::int AS lost,
         (SELECT coalesce(sum(e.amount_minor), 0) FROM commission_entries e
           WHERE e.agent_id = a.id AND e.kind = 'ACCRUAL' AND e.currency = $5 AND e.earned_on BETWEEN $1 AND $2) AS accrued,
         (SELECT coalesce(-sum(e.amount_minor), 0) FROM commission_entries e
           WHERE e.agent_id = a.id AND e.kind = 'CLAWBACK' AND e.currency = $5 AND e.earned_on BETWEEN $1 AND $2) AS clawed_back,
         (SELECT coalesce(sum(c.amount_minor), 0) FROM commission_payouts c
           WHERE c.agent_id = a.id AND c.status = 'PAID' AND c.currency = $5 AND (c.paid_at AT TIME ZONE $6)::date BETWEEN $1 AND $2) AS paid
       FROM agents a
       WHERE ($3::uuid IS NULL OR a.id = $3) AND ($4::uuid IS NULL OR a.team_id = $4)
       ORDER BY a.agent_code`,
      [query.from, query.to, query.agentId ?? null, query.teamId ?? null, query.currency, BUSINESS_TIME_ZONE, [...ISSUED_STATUSES]],
    );
    return rows.map((row) => {
      const accrued = minorFromSql(row.accrued);
      const clawedBack = minorFromSql(row.clawed_back);
      const result = new AgentPerformance();
      Object.assign(result, {
        agentId: row.agent_id,
        agentCode: row.agent_code,
        agentName: row.name,
        teamId: row.team_id,
        from: query.from,
        to: query.to,
        policiesSold: row.policies_sold,
        premiumWritten: Money.of(minorFromSql(row.premium_written), query.currency),
        leadsReceived: row.leads_received,
        leadsConverted: row.leads_converted,
        conversionRateBps: conversionRateBps(row.leads_received, row.leads_converted),
        opportunitiesWon: row.won,
        opportunitiesLost: row.lost,
        commissionAccrued: Money.of(accrued, query.currency),
        commissionClawedBack: Money.of(clawedBack, query.currency),
        commissionNet: Money.of(accrued - clawedBack, query.currency),
        commissionPaid: Money.of(minorFromSql(row.paid), query.currency),
      });
      return result;
    });
  }
}
