import type { ScheduledJob } from '../../../../kit/events/event';
import type { CrmServices } from '../services';

/**
 * Accrues (and claws back) commission still due on sales crm already knows: the safety net for a
 * sale whose agent or tier came later, should the reconcile run on their creation have failed.
 */
export const commissionReconcileJob: ScheduledJob<CrmServices> = {
  name: 'crm-commission-reconcile',
  everyMs: 15 * 60_000,
  run: async (services) => {
    await services.commissions.reconcile();
  },
};
