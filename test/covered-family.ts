import { eventually, executeOk } from '../kit/testing';
import type { TestSupergraph } from '../gateway/src/testing';
import { activate, createTestCompany, createTestDependant, createTestPrincipal } from '../subgraphs/members/src/testing';
import { addTestLicence, createTestProvider } from '../subgraphs/providers/src/testing';
import {
  activateTestPolicy,
  addTestBenefit,
  createActiveScheme,
  createTestScheme,
  issueTestPolicy,
  publishTestVersion,
  setTestRating,
} from '../subgraphs/schemes/src/testing';
import { submitTestClaim } from '../subgraphs/claims/src/testing';
import { factsPresentSql } from '../subgraphs/claims/src/readmodel/read-model.queries';
import { payTestInvoice, raiseTestInvoice } from '../subgraphs/finance/src/testing';

/**
 * A covered family (a principal and a child on an active policy) with `claims` claims, an invoice
 * and a part payment, each made by the subgraph that owns it, for the whole-supergraph tests.
 */
export async function coveredFamily(supergraph: TestSupergraph, { claims = 2 }: { claims?: number } = {}) {
  const runtime = (name: string) => supergraph.runtimes.get(name)!;
  const company = await createTestCompany(runtime('members'));
  const principal = await createTestPrincipal(runtime('members'), company.id);
  const child = await createTestDependant(runtime('members'), principal.id);
  await activate(runtime('members'), principal.id);
  await activate(runtime('members'), child.id);
  const scheme = await createActiveScheme(runtime('schemes'));
  const policy = await issueTestPolicy(runtime('schemes'), scheme.id, { holderMemberId: principal.id, coveredMemberIds: [child.id], startDate: '2026-01-01' });
  await activateTestPolicy(runtime('schemes'), policy.id);
  const submitted = [];
  for (let i = 0; i < claims; i += 1) submitted.push(await submitTestClaim(runtime('claims'), { memberId: principal.id }));
  const invoice = await raiseTestInvoice(runtime('finance'), { policyId: policy.id, billedMemberId: principal.id, companyId: company.id });
  const payment = await payTestInvoice(runtime('finance'), invoice.id, { amount: { amount: '1500.00', currency: 'KES' } });
  return { company, principal, child, scheme, policy, claims: submitted, invoice, payment };
}

/**
 * A member a provider can claim for, made through the events as in production: an active principal
 * on an active policy whose outpatient benefit any licensed provider may bill, and a licensed
 * provider; returns once the claims subgraph's read models know all three.
 */
export async function claimableMember(supergraph: TestSupergraph) {
  const runtime = (name: string) => supergraph.runtimes.get(name)!;
  const company = await createTestCompany(runtime('members'));
  const principal = await createTestPrincipal(runtime('members'), company.id);
  await activate(runtime('members'), principal.id);
  const scheme = await createTestScheme(runtime('schemes'));
  await addTestBenefit(runtime('schemes'), scheme.versionId, { networkCodes: [] });
  await setTestRating(runtime('schemes'), scheme.versionId);
  await publishTestVersion(runtime('schemes'), scheme.versionId);
  await executeOk(runtime('schemes'), `mutation($id: ID!) { activateScheme(schemeId: $id) { id } }`, { id: scheme.id });
  const policy = await issueTestPolicy(runtime('schemes'), scheme.id, { holderMemberId: principal.id, startDate: '2026-01-01' });
  await activateTestPolicy(runtime('schemes'), policy.id);
  const provider = await createTestProvider(runtime('providers'));
  await addTestLicence(runtime('providers'), provider.id, { validFrom: '2026-01-01', validTo: '2027-12-31' });
  // Every fact the adjudicator reads, as it reads them: a claim submitted now is decided now.
  await eventually(async () => {
    const [row] = await runtime('claims').dataSource.query(
      `SELECT ${factsPresentSql('$1::uuid', '$3::uuid')} AS present,
              (SELECT status FROM rm_members WHERE id = $1) AS member, (SELECT status FROM rm_policies WHERE id = $2) AS policy,
              (SELECT jsonb_array_length(licences) > 0 FROM rm_providers WHERE id = $3) AS licensed`,
      [principal.id, policy.id, provider.id],
    );
    expect(row).toEqual({ present: true, member: 'ACTIVE', policy: 'ACTIVE', licensed: true });
  }, 15_000);
  return { company, principal, scheme, policy, provider };
}
