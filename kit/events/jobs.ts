import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { ScheduledJob } from './event';

/** A stable 64-bit advisory lock key for a job name. */
function lockKey(name: string): string {
  return createHash('sha256').update(`job:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * Runs each job every `everyMs`, but only in the one instance that holds the job's PostgreSQL
 * advisory lock at that moment, so scaling a subgraph out never runs a job twice at once.
 */
export function startJobs<TServices>(
  dataSource: DataSource,
  jobs: ScheduledJob<TServices>[],
  services: TServices,
  logger: Logger,
): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;
  for (const job of jobs) {
    const tick = async () => {
      const runner = dataSource.createQueryRunner();
      try {
        await runner.connect();
        const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [lockKey(job.name)]);
        if (!locked) return;
        try {
          await job.run(services);
        } finally {
          await runner.query('SELECT pg_advisory_unlock($1)', [lockKey(job.name)]);
        }
      } catch (error) {
        logger.warn('scheduled job failed', { job: job.name, error });
      } finally {
        await runner.release();
      }
    };
    const schedule = () => {
      if (stopped) return;
      const timer = setTimeout(() => {
        const run = tick().finally(() => {
          running.delete(run);
          schedule();
        });
        running.add(run);
      }, job.everyMs);
      timer.unref();
      timers.push(timer);
    };
    schedule();
  }
  return {
    async stop() {
      stopped = true;
      timers.forEach(clearTimeout);
      await Promise.all(running);
    },
  };
}
