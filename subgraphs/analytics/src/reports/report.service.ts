import { In, LessThanOrEqual, Not, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { addDays } from '../../../../kit/dates';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { isCurrencyCode } from '../../../../kit/money';
import type { AlertService } from '../alerts/alert.service';
import { UtilisationSubject } from '../alerts/alert-rule.entity';
import { isPersonalSubject } from '../alerts/alert.rules';
import { metricNamed } from '../metrics/metric.definitions';
import { checkRange, type MetricService } from '../metrics/metric.service';
import { MAX_RANGE_DAYS } from '../metrics/metric.rules';
import { toCsv, type CsvCell } from './csv';
import { ReportDefinition, ReportKind } from './report-definition.entity';
import { ReportRun, ReportRunStatus, ReportTrigger, type ReportParameters } from './report-run.entity';
import type { CreateReportDefinitionInput, RunReportInput, UpdateReportDefinitionInput } from './report.input';
import { firstRunAt, nextRunAfter, ReportSchedule } from './schedule.rules';

interface ReportOutput {
  columns: string[];
  rows: CsvCell[][];
}

export class ReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricService,
    private readonly alerts: AlertService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly runTimeoutMinutes: number,
  ) {}

  definitions(): Promise<ReportDefinition[]> {
    return this.dataSource.getRepository(ReportDefinition).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  definitionsByIds(ids: readonly string[]): Promise<ReportDefinition[]> {
    return this.dataSource.getRepository(ReportDefinition).findBy({ id: In([...ids]) });
  }

  runsByIds(ids: readonly string[]): Promise<ReportRun[]> {
    return this.dataSource.getRepository(ReportRun).findBy({ id: In([...ids]) });
  }

  /** The latest runs of each of these definitions, newest first (up to 50 each). */
  async runsOf(definitionIds: readonly string[]): Promise<ReportRun[]> {
    return this.dataSource
      .getRepository(ReportRun)
      .createQueryBuilder('run')
      .where(
        `run.id IN (SELECT r.id FROM (SELECT id, row_number() OVER (PARTITION BY definition_id ORDER BY started_at DESC, id DESC) AS n
           FROM report_runs WHERE definition_id = ANY(:ids)) r WHERE r.n <= 50)`,
        { ids: [...definitionIds] },
      )
      .orderBy('run.started_at', 'DESC')
      .addOrderBy('run.id', 'DESC')
      .getMany();
  }

  private check(violations: Violations, spec: { name?: string | null; kind?: ReportKind; metric?: string | null; currency?: string | null; rangeDays?: number | null }): void {
    if (spec.name !== undefined && spec.name !== null && !spec.name.trim()) violations.add('name', 'required', 'give the report a name');
    if (spec.kind === ReportKind.METRIC_SERIES && !spec.metric) violations.add('metric', 'required', 'a METRIC_SERIES report names its metric');
    if (spec.metric && !metricNamed(spec.metric)) violations.add('metric', 'known', `"${spec.metric}" is not a metric; see metricDefinitions`);
    if (spec.currency && !isCurrencyCode(spec.currency)) violations.add('currency', 'iso4217', 'must be a three-letter currency code');
    if (spec.rangeDays !== undefined && spec.rangeDays !== null && (spec.rangeDays < 1 || spec.rangeDays > MAX_RANGE_DAYS)) {
      violations.add('rangeDays', 'range', `must be from 1 to ${MAX_RANGE_DAYS}`);
    }
  }

  async createDefinition(input: CreateReportDefinitionInput, actorId: string): Promise<ReportDefinition> {
    const violations = new Violations();
    if (!input.name?.trim()) violations.add('name', 'required', 'give the report a name');
    this.check(violations, input);
    violations.throwIfAny();
    const repo = this.dataSource.getRepository(ReportDefinition);
    return repo.save(
      repo.create({
        name: input.name.trim(),
        kind: input.kind,
        metric: input.kind === ReportKind.METRIC_SERIES ? input.metric! : null,
        dimension: input.dimension ?? null,
        currency: input.currency ?? null,
        rangeDays: input.rangeDays,
        schedule: input.schedule,
        nextRunAt: firstRunAt(input.schedule, this.clock.now()),
        createdBy: actorId,
      }),
    );
  }

  async updateDefinition(input: UpdateReportDefinitionInput): Promise<ReportDefinition> {
    const violations = new Violations();
    this.check(violations, input);
    violations.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const definition = isUuid(input.id) ? await manager.findOne(ReportDefinition, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!definition) throw new NotFoundError('ReportDefinition', input.id);
      if (input.name) definition.name = input.name.trim();
      if (input.rangeDays) definition.rangeDays = input.rangeDays;
      if (input.schedule && input.schedule !== definition.schedule) {
        definition.schedule = input.schedule;
        definition.nextRunAt = firstRunAt(input.schedule, this.clock.now());
      }
      return manager.save(definition);
    });
  }

  /** The span a run covers by default: `rangeDays` days ending yesterday. */
  private defaultSpan(definition: ReportDefinition): ReportParameters {
    const to = addDays(this.clock.today(), -1);
    return { from: addDays(to, -(definition.rangeDays - 1)), to };
  }

  /** Runs a report now, for a person; the run and its history are kept whatever the outcome. */
  async runOnDemand(input: RunReportInput, actorId: string): Promise<ReportRun> {
    const definition = isUuid(input.definitionId) ? await this.dataSource.getRepository(ReportDefinition).findOneBy({ id: input.definitionId }) : null;
    if (!definition) throw new NotFoundError('ReportDefinition', input.definitionId);
    const span = this.defaultSpan(definition);
    const parameters = { from: input.from ?? span.from, to: input.to ?? span.to };
    const violations = new Violations();
    checkRange(violations, parameters.from, parameters.to);
    violations.throwIfAny();
    const run = await this.dataSource.getRepository(ReportRun).save(
      this.dataSource.getRepository(ReportRun).create({
        definitionId: definition.id,
        trigger: ReportTrigger.ON_DEMAND,
        scheduledFor: null,
        status: ReportRunStatus.RUNNING,
        parameters,
        startedAt: this.clock.now(),
        columns: [],
        requestedBy: actorId,
      }),
    );
    return this.complete(run, definition);
  }

  /**
   * Starts every scheduled run that is due: each definition's slot is claimed (and its next slot
   * set) in one transaction, so two instances never run the same slot; the unique (definition,
   * slot) key backs that up. Returns the runs made. First, runs left RUNNING past the timeout
   * (their process died mid-run) are marked FAILED, so no run shows as running for ever.
   */
  async runDue(): Promise<ReportRun[]> {
    await this.failStuckRuns();
    const made: ReportRun[] = [];
    for (;;) {
      const claimed = await this.dataSource.transaction(async (manager) => {
        const definition = await manager.findOne(ReportDefinition, {
          where: { nextRunAt: LessThanOrEqual(this.clock.now()), schedule: Not(ReportSchedule.NONE) },
          order: { nextRunAt: 'ASC' },
          lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        });
        if (!definition) return null;
        const slot = definition.nextRunAt!;
        const run = await this.claimSlot(manager, definition, slot);
        definition.nextRunAt = nextRunAfter(definition.schedule, slot, this.clock.now());
        await manager.save(definition);
        return run ? { run, definition } : { run: null, definition };
      });
      if (!claimed) return made;
      if (claimed.run) made.push(await this.complete(claimed.run, claimed.definition));
    }
  }

  private async failStuckRuns(): Promise<void> {
    const now = this.clock.now();
    const [rows] = (await this.dataSource.query(
      `UPDATE report_runs SET status = $1, finished_at = $2, error = $3
        WHERE status = $4 AND started_at < $2::timestamptz - make_interval(mins => $5::int) RETURNING id`,
      [ReportRunStatus.FAILED, now, `still running after ${this.runTimeoutMinutes} minutes: taken for dead`, ReportRunStatus.RUNNING, this.runTimeoutMinutes],
    )) as [{ id: string }[], number];
    if (rows.length) this.logger.warn('report runs taken for dead', { runIds: rows.map((r) => r.id), timeoutMinutes: this.runTimeoutMinutes });
  }

  private async claimSlot(manager: EntityManager, definition: ReportDefinition, slot: Date): Promise<ReportRun | null> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(ReportRun)
      .values({
        definitionId: definition.id,
        trigger: ReportTrigger.SCHEDULED,
        scheduledFor: slot,
        status: ReportRunStatus.RUNNING,
        parameters: this.defaultSpan(definition),
        startedAt: this.clock.now(),
        columns: [],
        requestedBy: 'system:report-schedule',
      })
      .orIgnore()
      .returning('*')
      .execute();
    if (inserted.raw.length === 0) return null;
    return manager.findOneByOrFail(ReportRun, { id: inserted.raw[0].id });
  }

  private async complete(run: ReportRun, definition: ReportDefinition): Promise<ReportRun> {
    const repo = this.dataSource.getRepository(ReportRun);
    try {
      const output = await this.produce(definition, run.parameters);
      await repo.update({ id: run.id }, { status: ReportRunStatus.SUCCEEDED, finishedAt: this.clock.now(), columns: output.columns, rows: output.rows, rowCount: output.rows.length });
    } catch (error) {
      this.logger.warn('report run failed', { runId: run.id, definitionId: definition.id, error: (error as Error).message });
      await repo.update({ id: run.id }, { status: ReportRunStatus.FAILED, finishedAt: this.clock.now(), error: (error as Error).message.slice(0, 1000) });
    }
    return repo.findOneByOrFail({ id: run.id });
  }

  private async produce(definition: ReportDefinition, parameters: ReportParameters): Promise<ReportOutput> {
    if (definition.kind === ReportKind.METRIC_SERIES) {
      const series = await this.metrics.series(definition.metric!, parameters.from, parameters.to, { dimension: definition.dimension, currency: definition.currency });
      return {
        columns: ['day', 'metric', 'dimension', 'currency', 'value'],
        rows: series.points.map((p) => [p.day, definition.metric, p.dimension, p.currency, p.value]),
      };
    }
    const rows: CsvCell[][] = [];
    for (const subjectType of Object.values(UtilisationSubject)) {
      // Every subject is kept in the run; `csvOf` leaves out what the reader may not see.
      for (const u of await this.alerts.utilisation({ subjectType }, true)) {
        rows.push([u.subjectType, u.subjectId, u.benefitId, u.benefitCategory, u.limitPeriod, u.consumed.minorUnits, u.limit.minorUnits, u.consumed.currency, u.utilisationBps]);
      }
    }
    return { columns: ['subject_type', 'subject_id', 'benefit_id', 'benefit_category', 'limit_period', 'consumed_minor', 'limit_minor', 'currency', 'utilisation_bps'], rows };
  }

  /** A run's rows as CSV (null until it has succeeded); member and policy rows only for a reader who `seesPersonal`. */
  csvOf(run: ReportRun, seesPersonal: boolean): string | null {
    if (run.status !== ReportRunStatus.SUCCEEDED || !run.rows) return null;
    const subjectColumn = run.columns.indexOf('subject_type');
    const rows = seesPersonal || subjectColumn < 0 ? run.rows : run.rows.filter((row) => !isPersonalSubject(row[subjectColumn] as string | null));
    return toCsv(run.columns, rows);
  }
}
