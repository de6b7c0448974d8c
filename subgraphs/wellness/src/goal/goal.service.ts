import type { DataSource } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { isUniqueViolation } from '../../../../kit/database';
import { addDays, isIsoDate } from '../../../../kit/dates';
import { ConflictError, InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { MetricKind, utcDay } from '../metric/metric.rules';
import type { MetricService } from '../metric/metric.service';
import { Goal } from './goal.entity';
import { goalProgress, type GoalProgressFacts } from './goal.rules';
import { Programme, ProgrammeEnrolment, type ActivityProgress, type RequiredActivity } from './programme.entity';

/** Goals are "at least this much a day": metrics where more is better. */
const GOAL_METRICS = new Set([MetricKind.STEPS, MetricKind.SLEEP_MINUTES]);

export interface NewGoal {
  memberId: string;
  metric: MetricKind;
  dailyTarget: number;
  startDate?: string | null;
  days: number;
}

export interface NewProgramme {
  code: string;
  name: string;
  description: string;
  startDate: string;
  endDate: string;
  requiredActivities: RequiredActivity[];
}

export class GoalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricService,
    private readonly clock: Clock,
  ) {}

  async create(input: NewGoal): Promise<Goal> {
    const problems = new Violations();
    if (!GOAL_METRICS.has(input.metric)) problems.add('metric', 'GOAL_METRIC', 'goals can be set for STEPS or SLEEP_MINUTES');
    if (!(input.dailyTarget > 0)) problems.add('dailyTarget', 'POSITIVE', 'must be more than zero');
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > 366) problems.add('days', 'DAYS_RANGE', 'must be between 1 and 366');
    const startDate = input.startDate ?? utcDay(this.clock.now());
    if (!isIsoDate(startDate)) problems.add('startDate', 'DATE', 'must be a date (YYYY-MM-DD)');
    else if (startDate < addDays(utcDay(this.clock.now()), -1)) problems.add('startDate', 'NOT_IN_PAST', 'a goal starts today or later');
    problems.throwIfAny();
    const [{ id }] = await this.dataSource.query(
      `INSERT INTO goals (member_id, metric, daily_target, start_date, days) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.memberId, input.metric, input.dailyTarget, startDate, input.days],
    );
    return this.dataSource.getRepository(Goal).findOneByOrFail({ id });
  }

  async byId(id: string): Promise<Goal> {
    const goal = await this.dataSource.getRepository(Goal).findOneBy({ id });
    if (!goal) throw new NotFoundError('Goal', id);
    return goal;
  }

  async abandon(id: string): Promise<Goal> {
    const goal = await this.byId(id);
    const [, changed] = await this.dataSource.query(`UPDATE goals SET status = 'ABANDONED' WHERE id = $1 AND status = 'ACTIVE'`, [id]);
    if (!changed) throw new InvalidTransitionError('goal', goal.status, 'abandon', 'it is already abandoned');
    return this.byId(id);
  }

  ofMembers(memberIds: readonly string[]): Promise<Goal[]> {
    return this.dataSource.getRepository(Goal).createQueryBuilder('g').where('g.member_id = ANY(:ids)', { ids: memberIds }).orderBy('g.start_date', 'DESC').getMany();
  }

  /** Progress of several goals from one query per metric. */
  async progressOf(goals: readonly Goal[]): Promise<Map<string, GoalProgressFacts>> {
    const today = utcDay(this.clock.now());
    const result = new Map<string, GoalProgressFacts>();
    for (const metric of new Set(goals.map((g) => g.metric))) {
      const ofMetric = goals.filter((g) => g.metric === metric);
      const from = ofMetric.map((g) => g.startDate).sort()[0];
      const to = ofMetric.map((g) => g.endDate).sort().reverse()[0];
      const daily = await this.metrics.dailyValues(this.dataSource, [...new Set(ofMetric.map((g) => g.memberId))], metric, from, to);
      for (const goal of ofMetric) result.set(goal.id, goalProgress(goal, daily.get(goal.memberId) ?? [], today));
    }
    return result;
  }

  programmes(): Promise<Programme[]> {
    return this.dataSource.getRepository(Programme).find({ order: { startDate: 'DESC', code: 'ASC' } });
  }

  programmesByIds(ids: readonly string[]): Promise<Programme[]> {
    return this.dataSource.getRepository(Programme).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids }).getMany();
  }

  async createProgramme(input: NewProgramme): Promise<Programme> {
    const problems = new Violations();
    if (!/^[A-Z0-9_-]{2,40}$/.test(input.code)) problems.add('code', 'CODE_FORMAT', 'must be 2-40 upper-case letters, digits, _ or -');
    if (!input.name.trim()) problems.add('name', 'REQUIRED', 'is required');
    if (!isIsoDate(input.startDate)) problems.add('startDate', 'DATE', 'must be a date (YYYY-MM-DD)');
    if (!isIsoDate(input.endDate)) problems.add('endDate', 'DATE', 'must be a date (YYYY-MM-DD)');
    else if (input.endDate < input.startDate) problems.add('endDate', 'AFTER_START', 'must be on or after the start date');
    if (input.requiredActivities.length === 0) problems.add('requiredActivities', 'REQUIRED', 'a programme requires at least one activity');
    input.requiredActivities.forEach((a, i) => {
      if (!GOAL_METRICS.has(a.metric)) problems.add(`requiredActivities[${i}].metric`, 'GOAL_METRIC', 'activities are STEPS or SLEEP_MINUTES targets');
      if (!(a.dailyTarget > 0)) problems.add(`requiredActivities[${i}].dailyTarget`, 'POSITIVE', 'must be more than zero');
      if (!Number.isInteger(a.days) || a.days < 1) problems.add(`requiredActivities[${i}].days`, 'POSITIVE_INTEGER', 'must be 1 or more');
    });
    problems.throwIfAny();
    try {
      const activities = input.requiredActivities.map((a) => ({ metric: a.metric, dailyTarget: a.dailyTarget, days: a.days }));
      const [{ id }] = await this.dataSource.query(
        `INSERT INTO programmes (code, name, description, start_date, end_date, required_activities) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.code, input.name.trim(), input.description, input.startDate, input.endDate, JSON.stringify(activities)],
      );
      return this.dataSource.getRepository(Programme).findOneByOrFail({ id });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A programme with code ${input.code} already exists`, { field: 'code', rule: 'UNIQUE' });
      throw error;
    }
  }

  /** Enrols a member once; a programme that has ended takes no one. */
  async enrol(memberId: string, programmeCode: string): Promise<ProgrammeEnrolment> {
    const programme = await this.dataSource.getRepository(Programme).findOneBy({ code: programmeCode });
    if (!programme) throw new NotFoundError('Programme', programmeCode);
    if (programme.endDate < utcDay(this.clock.now())) throw new InvalidTransitionError('programme', 'ENDED', 'enrol in', `it ended on ${programme.endDate}`);
    const [row] = await this.dataSource.query(
      `INSERT INTO programme_enrolments (programme_id, member_id) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT programme_enrolments_once DO NOTHING RETURNING id`,
      [programme.id, memberId],
    );
    if (!row) throw new ConflictError(`Member is already enrolled in ${programmeCode}`, { field: 'programmeCode', rule: 'ENROLLED_ONCE' });
    return this.dataSource.getRepository(ProgrammeEnrolment).findOneByOrFail({ id: row.id });
  }

  enrolmentsOf(memberIds: readonly string[]): Promise<ProgrammeEnrolment[]> {
    return this.dataSource.getRepository(ProgrammeEnrolment).createQueryBuilder('e').where('e.member_id = ANY(:ids)', { ids: memberIds }).orderBy('e.enrolled_at', 'DESC').getMany();
  }

  /**
   * Progress on each required activity of several enrolments: days within the programme (up to
   * today) that reached the activity's target. One query per programme and metric.
   */
  async activityProgressOf(enrolments: readonly ProgrammeEnrolment[]): Promise<Map<string, ActivityProgress[]>> {
    const programmes = new Map((await this.programmesByIds([...new Set(enrolments.map((e) => e.programmeId))])).map((p) => [p.id, p]));
    const result = new Map<string, ActivityProgress[]>(enrolments.map((e) => [e.id, []]));
    for (const programme of programmes.values()) {
      const enrolled = enrolments.filter((e) => e.programmeId === programme.id);
      const to = [programme.endDate, utcDay(this.clock.now())].sort()[0];
      for (const activity of programme.requiredActivities) {
        const daily = await this.metrics.dailyValues(this.dataSource, [...new Set(enrolled.map((e) => e.memberId))], activity.metric, programme.startDate, to);
        for (const enrolment of enrolled) {
          const daysMet = (daily.get(enrolment.memberId) ?? []).filter((p) => p.value >= activity.dailyTarget).length;
          result.get(enrolment.id)!.push({ metric: activity.metric, daysMet, daysRequired: activity.days, complete: daysMet >= activity.days });
        }
      }
    }
    return result;
  }
}
