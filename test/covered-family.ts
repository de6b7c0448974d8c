import type { TestSupergraph } from '../gateway/src/testing';
import { activate, createTestCompany, createTestDependant, createTestPrincipal } from '../subgraphs/members/src/testing';
import { activateTestPolicy, createActiveScheme, issueTestPolicy } from '../subgraphs/schemes/src/testing';
import { submitTestClaim } from '../subgraphs/claims/src/testing';
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
