import { In, type DataSource } from 'typeorm';
import { PolicyEvent } from '../policy/policy-event.entity';
import { PolicyMember } from '../policy/policy-member.entity';
import { Policy } from '../policy/policy.entity';
import { SchemeVersion } from '../scheme/scheme-version.entity';

/** What schemes holds about one member, for their data export. */
export class SchemesPrivacyService {
  constructor(private readonly dataSource: DataSource) {}

  /** The policies the member holds or is covered by, their cover periods, and the policy events that concern them. */
  async exportOf(memberId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const coverPeriods = await manager.find(PolicyMember, { where: { memberId }, order: { coveredFrom: 'ASC', id: 'ASC' } });
    const held = await manager.find(Policy, { where: { holderMemberId: memberId }, select: { id: true } });
    const policyIds = [...new Set([...coverPeriods.map((c) => c.policyId), ...held.map((p) => p.id)])];
    const policies = policyIds.length ? await manager.find(Policy, { where: { id: In(policyIds) }, order: { policyNumber: 'ASC' } }) : [];
    const heldIds = new Set(held.map((p) => p.id));
    const events = policyIds.length
      ? (await manager.find(PolicyEvent, { where: { policyId: In(policyIds) }, order: { recordedAt: 'ASC', id: 'ASC' } }))
          // A policy's own events for the policies they hold; for others, only the events about them.
          .filter((e) => heldIds.has(e.policyId) || e.memberId === memberId)
      : [];
    const versionIds = [...new Set(policies.map((p) => p.schemeVersionId))];
    const versions = versionIds.length ? await manager.find(SchemeVersion, { where: { id: In(versionIds) } }) : [];
    const schemeOf = new Map(versions.map((v) => [v.id, v]));
    // Plain JSON (dates as ISO strings) whatever the transport: this is the document the member keeps.
    return JSON.parse(
      JSON.stringify({
        subgraph: 'schemes',
        exportedAt: new Date().toISOString(),
        policies: policies.map((policy) => ({
          ...policy,
          holder: policy.holderMemberId === memberId,
          schemeVersion: schemeOf.has(policy.schemeVersionId) ? { id: policy.schemeVersionId, versionNumber: schemeOf.get(policy.schemeVersionId)!.versionNumber } : null,
          coverPeriods: coverPeriods.filter((c) => c.policyId === policy.id),
          events: events.filter((e) => e.policyId === policy.id),
        })),
      }),
    );
  }
}
