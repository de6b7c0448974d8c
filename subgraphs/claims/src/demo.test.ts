import { buildDemoPlan, providerOffers } from '../../../demo/plan';
import { addDays, ageOn, today as businessToday } from '../../../kit/dates';
import { recreateDatabase } from '../../../kit/database';
import { formatMinor } from '../../../kit/money';
import { seedOnce } from '../../../kit/seeding';
import { createSubgraphRuntime, type AnyRuntime } from '../../../kit/subgraph';
import { executeOk, scratchDatabaseUrl } from '../../../kit/testing';
import { createLogger } from '../../../kit/logger';
import { checkClaimIntake } from './claim/intake';
import { buildClaimsDemo, DEMO_CLAIM_COUNT, seedClaimsDemo, type DemoClaim } from './demo';
import { ICD10_SUBSET } from './diagnosis/icd10-subset';
import { MEDICAL_SERVICE_CATALOGUE } from './service-catalogue/medical-service-catalogue';
import { claimsSubgraph } from './subgraph';
import { submitTestClaim } from './testing';

const plan = buildDemoPlan();
const claims = buildClaimsDemo(plan);
const providers = new Map(plan.providers.map((p) => [p.id, p]));
const members = new Map(plan.members.map((m) => [m.id, m]));
const nairobiDay = (at: Date) => businessToday('Africa/Nairobi', at);

describe('the demo claims', () => {
  it('are the same on every run', () => {
    expect(JSON.stringify(buildClaimsDemo(buildDemoPlan()))).toBe(JSON.stringify(claims));
  });

  it('are about six hundred, numbered in the order they were submitted', () => {
    expect(claims).toHaveLength(DEMO_CLAIM_COUNT);
    expect(claims.map((c) => c.claimNumber)).toEqual(claims.map((_, i) => `CLM-2026-${String(i + 1).padStart(6, '0')}`));
    const submitted = claims.map((c) => c.submittedAt.getTime());
    expect([...submitted].sort((a, b) => a - b)).toEqual(submitted);
  });

  it('would each pass intake on the day they were submitted', () => {
    const facts = {
      submissionWindowDays: 30,
      diagnoses: new Map(ICD10_SUBSET.map((d) => [d.code, d])),
      services: new Map(MEDICAL_SERVICE_CATALOGUE.map((s) => [s.code, { name: s.name, active: true }])),
    };
    const refused = claims
      .map((claim) => ({ claim, result: checkClaimIntake(asSubmitted(claim), { ...facts, today: nairobiDay(claim.submittedAt) }) }))
      .filter(({ result }) => !result.accepted);
    expect(refused.map(({ claim, result }) => ({ claim: claim.claimNumber, result }))).toEqual([]);
    expect(claims.every((c) => nairobiDay(c.submittedAt) <= plan.asOf)).toBe(true);
  });

  it('belong to members of active or suspended policies, within their cover', () => {
    const policyOf = new Map(plan.policies.flatMap((p) => p.coveredMemberIds.map((id) => [id, p] as const)));
    for (const claim of claims) {
      const policy = policyOf.get(claim.memberId)!;
      expect(['ACTIVE', 'SUSPENDED']).toContain(policy.status);
      expect(claim.serviceDate >= policy.startDate && claim.serviceDate <= plan.asOf).toBe(true);
    }
  });

  it('are billed by providers of the right kind', () => {
    for (const claim of claims) {
      const provider = providers.get(claim.providerId)!;
      for (const line of claim.lines) expect([provider.type, line.serviceCode, providerOffers(provider.type, line.serviceCode)]).toEqual([provider.type, line.serviceCode, true]);
    }
    const at = (prefix: string) => new Set(claims.flatMap((c) => c.lines.filter((l) => l.serviceCode.startsWith(prefix)).map(() => providers.get(c.providerId)!.type)));
    expect(at('PHA-')).toEqual(new Set(['PHARMACY']));
    expect(at('DEN-')).toEqual(new Set(['DENTAL']));
    expect(at('OPT-')).toEqual(new Set(['OPTICAL']));
  });

  it('fit the patient: antenatal care and deliveries for adult women', () => {
    const maternity = claims.filter((c) => c.benefitCategory === 'MATERNITY');
    expect(maternity.length).toBeGreaterThan(10);
    for (const claim of maternity) {
      const member = members.get(claim.memberId)!;
      expect(member.gender).toBe('FEMALE');
      expect(ageOn(member.dateOfBirth, claim.serviceDate)).toBeGreaterThanOrEqual(18);
    }
  });

  it('cover the common episodes, spread over the year', () => {
    const codes = new Set(claims.flatMap((c) => c.diagnosisCodes));
    for (const code of ['B50.9', 'I10', 'E11.9', 'Z34.8', 'J06.9', 'K02.1', 'H52.1']) expect(codes).toContain(code);
    const months = new Set(claims.map((c) => c.serviceDate.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(10);
    expect(claims.filter((c) => c.benefitCategory === 'INPATIENT').every((c) => c.admissionDate && c.dischargeDate)).toBe(true);
  });

  it('carry realistic Kenyan prices and exact totals', () => {
    const prices = (code: string) => claims.flatMap((c) => c.lines.filter((l) => l.serviceCode === code).map((l) => l.unitPriceMinor / 100));
    expect(Math.min(...prices('CON-GP'))).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...prices('CON-GP'))).toBeLessThanOrEqual(3500);
    expect(prices('LAB-FBC').length).toBeGreaterThan(0);
    expect(prices('IP-BED-GENERAL').length).toBeGreaterThan(0);
    expect(prices('LAB-FBC').every((p) => p >= 1000 && p <= 1600)).toBe(true);
    expect(prices('IP-BED-GENERAL').every((p) => p >= 8000 && p <= 10000)).toBe(true);
    for (const claim of claims) expect(claim.totalBilledMinor).toBe(claim.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0));
  });

  it('use each provider reference once per provider', () => {
    const keys = claims.map((c) => `${c.providerId}|${c.providerReference}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('seeding the demo claims', () => {
  let runtime: AnyRuntime;
  beforeAll(async () => {
    // Its own database: the seed's fixed claim numbers must not meet other tests' claims.
    const databaseUrl = scratchDatabaseUrl('claims_demo');
    await recreateDatabase(databaseUrl);
    runtime = await createSubgraphRuntime(claimsSubgraph, { databaseUrl, logger: createLogger({ service: 'claims', test: true }), poolSize: 3 });
  });
  afterAll(() => runtime.stop());

  it('stores every claim once, and later submissions number on from them', async () => {
    expect(await seedOnce(runtime.dataSource, 'demo-test', (manager) => seedClaimsDemo(manager, plan))).toBe(true);
    expect(await seedOnce(runtime.dataSource, 'demo-test', (manager) => seedClaimsDemo(manager, plan))).toBe(false);
    const [{ count, lines }] = await runtime.dataSource.query(
      `SELECT (SELECT count(*) FROM claims WHERE status = 'SUBMITTED')::int AS count, (SELECT count(*) FROM claim_lines)::int AS lines`,
    );
    expect(count).toBe(DEMO_CLAIM_COUNT);
    expect(lines).toBe(claims.reduce((sum, c) => sum + c.lines.length, 0));

    const next = await submitTestClaim(runtime, { serviceDate: addDays(businessToday(), -1) });
    expect(next.claimNumber).toBe(`CLM-${businessToday().slice(0, 4)}-${String(DEMO_CLAIM_COUNT + 1).padStart(6, '0')}`);
  });

  it('serves a demo member\'s claims through federation', async () => {
    const claim = claims[0];
    const data = await executeOk(runtime, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { claims { edges { node { claimNumber totalBilled { amount } } } } } } }`, {
      reps: [{ __typename: 'Member', id: claim.memberId }],
    });
    const numbers = data._entities[0].claims.edges.map((e: { node: { claimNumber: string } }) => e.node.claimNumber);
    expect(numbers).toContain(claim.claimNumber);
  });
});

function asSubmitted(claim: DemoClaim) {
  const money = (minor: number) => ({ amount: formatMinor(minor, claim.currency), currency: claim.currency });
  return {
    ...claim,
    totalBilled: money(claim.totalBilledMinor),
    lines: claim.lines.map((l) => ({ ...l, unitPrice: money(l.unitPriceMinor), billedAmount: money(l.billedAmountMinor) })),
  };
}
