import { addDays, ageOn } from '../kit/dates';
import { SeededRandom } from '../kit/seeded-random';

/**
 * The demo world every subgraph seeds its part of: who the companies, members, schemes,
 * policies and providers are, with fixed ids, so that references across subgraphs line up.
 * Each subgraph derives its own detail (benefits, claims, invoices) from this plan with
 * `plan.random(label)`, so the whole data set is the same on every machine.
 */
export interface DemoPlan {
  seed: number;
  currency: 'KES';
  /** The day the demo world is "now" in: policies run for the calendar year around it. */
  asOf: string;
  companies: DemoCompany[];
  members: DemoMember[];
  schemes: DemoScheme[];
  policies: DemoPolicy[];
  providers: DemoProvider[];
  random(label: string): SeededRandom;
}

export type SchemeCode = 'ESSENTIAL' | 'COMPREHENSIVE' | 'PREMIER';

export interface DemoCompany {
  id: string;
  name: string;
  registrationNumber: string;
  industry: string;
  email: string;
  phone: string;
  county: string;
  schemeCode: SchemeCode;
}

export interface DemoMember {
  id: string;
  memberNumber: string;
  companyId: string;
  principalId: string | null;
  relationship: 'SELF' | 'SPOUSE' | 'CHILD' | 'PARENT';
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  gender: 'FEMALE' | 'MALE';
  email: string | null;
  phone: string | null;
  nationalId: string | null;
  status: 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';
  enrolmentDate: string;
  terminationDate: string | null;
}

export interface DemoScheme {
  id: string;
  versionId: string;
  code: SchemeCode;
  name: string;
  /** Monthly premium per adult aged 18-35, in KES cents. */
  baseMonthlyPremiumMinor: number;
}

export interface DemoPolicy {
  id: string;
  policyNumber: string;
  schemeId: string;
  schemeVersionId: string;
  holderMemberId: string;
  companyId: string;
  coveredMemberIds: string[];
  startDate: string;
  endDate: string;
  billingFrequency: 'MONTHLY';
  /** The premium the policy was sold at, per month, in KES cents. */
  monthlyPremiumMinor: number;
  status: 'ACTIVE' | 'SUSPENDED' | 'CANCELLED';
}

export interface DemoProvider {
  id: string;
  name: string;
  type: 'HOSPITAL' | 'CLINIC' | 'PHARMACY' | 'LABORATORY' | 'DENTAL' | 'OPTICAL';
  county: string;
}

const FEMALE_NAMES = ['Wanjiru', 'Akinyi', 'Njeri', 'Atieno', 'Wambui', 'Chebet', 'Nafula', 'Mwende', 'Auma', 'Jepkosgei', 'Nyambura', 'Kerubo', 'Zawadi', 'Halima', 'Faith', 'Mercy', 'Grace', 'Esther', 'Naliaka', 'Moraa'];
const MALE_NAMES = ['Kamau', 'Otieno', 'Mwangi', 'Kiprono', 'Omondi', 'Njoroge', 'Wafula', 'Mutua', 'Kibet', 'Ochieng', 'Kariuki', 'Barasa', 'Juma', 'Hassan', 'Brian', 'Kevin', 'Dennis', 'Collins', 'Onyango', 'Cheruiyot'];
const SURNAMES = ['Kamau', 'Otieno', 'Mwangi', 'Kipchoge', 'Odhiambo', 'Njoroge', 'Wafula', 'Mutua', 'Chepkoech', 'Ochieng', 'Kariuki', 'Barasa', 'Mohamed', 'Wekesa', 'Nyaga', 'Koech', 'Achieng', 'Maina', 'Gitau', 'Ruto', 'Owino', 'Muthoni', 'Kilonzo', 'Ndungu', 'Keter'];

const COMPANIES: Omit<DemoCompany, 'id'>[] = [
  { name: 'Safari Freight Logistics Ltd', registrationNumber: 'PVT-2014-0821', industry: 'Transport and logistics', email: 'hr@safarifreight.co.ke', phone: '+254412223344', county: 'Mombasa', schemeCode: 'ESSENTIAL' },
  { name: 'Kericho Highlands Tea Estates', registrationNumber: 'PVT-2009-1175', industry: 'Agriculture', email: 'people@highlandstea.co.ke', phone: '+254522031100', county: 'Kericho', schemeCode: 'ESSENTIAL' },
  { name: 'Savannah Digital Finance Ltd', registrationNumber: 'PVT-2018-4410', industry: 'Financial technology', email: 'benefits@savannahdigital.co.ke', phone: '+254709876000', county: 'Nairobi', schemeCode: 'PREMIER' },
  { name: 'Lakeside Hospitality Group', registrationNumber: 'PVT-2011-2290', industry: 'Hospitality', email: 'hr@lakesidehospitality.co.ke', phone: '+254572024400', county: 'Kisumu', schemeCode: 'COMPREHENSIVE' },
  { name: 'Rift Valley Packaging Industries', registrationNumber: 'PVT-2007-0654', industry: 'Manufacturing', email: 'hr@rvpackaging.co.ke', phone: '+254512215500', county: 'Nakuru', schemeCode: 'COMPREHENSIVE' },
];

const SCHEMES: Omit<DemoScheme, 'id' | 'versionId'>[] = [
  { code: 'ESSENTIAL', name: 'Afya Bora Essential', baseMonthlyPremiumMinor: 1_800_00 },
  { code: 'COMPREHENSIVE', name: 'Afya Bora Comprehensive', baseMonthlyPremiumMinor: 3_900_00 },
  { code: 'PREMIER', name: 'Afya Bora Premier', baseMonthlyPremiumMinor: 7_500_00 },
];

const PROVIDERS: Omit<DemoProvider, 'id'>[] = [
  { name: 'Westlands Medical Centre', type: 'HOSPITAL', county: 'Nairobi' },
  { name: 'Upper Hill Specialist Hospital', type: 'HOSPITAL', county: 'Nairobi' },
  { name: 'Coast Care Hospital', type: 'HOSPITAL', county: 'Mombasa' },
  { name: 'Lakeview Hospital Kisumu', type: 'HOSPITAL', county: 'Kisumu' },
  { name: 'Rift Valley Mission Hospital', type: 'HOSPITAL', county: 'Nakuru' },
  { name: 'Kericho Family Clinic', type: 'CLINIC', county: 'Kericho' },
  { name: 'Kilimani Family Practice', type: 'CLINIC', county: 'Nairobi' },
  { name: 'Nyali Medical Clinic', type: 'CLINIC', county: 'Mombasa' },
  { name: 'Afya Plus Pharmacy', type: 'PHARMACY', county: 'Nairobi' },
  { name: 'Milimani Pharmacy Kisumu', type: 'PHARMACY', county: 'Kisumu' },
  { name: 'City Diagnostics Laboratory', type: 'LABORATORY', county: 'Nairobi' },
  { name: 'Smile Dental Studio', type: 'DENTAL', county: 'Nairobi' },
  { name: 'Highlands Eye Centre', type: 'OPTICAL', county: 'Nakuru' },
];

/**
 * Which services each kind of provider offers (and so bills, and is contracted for): medicines
 * only at pharmacies, teeth at the dentist, deliveries and ward rounds only in hospitals.
 */
export function providerOffers(type: DemoProvider['type'], serviceCode: string): boolean {
  const prefix = serviceCode.split('-')[0];
  switch (type) {
    case 'PHARMACY':
      return prefix === 'PHA';
    case 'LABORATORY':
      return prefix === 'LAB';
    case 'DENTAL':
      return prefix === 'DEN';
    case 'OPTICAL':
      return prefix === 'OPT';
    case 'CLINIC':
      return ['CON', 'THR', 'LAB', 'PROC', 'VAC', 'MAT', 'DX'].includes(prefix) && !/^(MAT-(NVD|CS|NEWBORN)|CON-WARD)/.test(serviceCode);
    case 'HOSPITAL':
      return !['PHA', 'DEN', 'OPT'].includes(prefix);
  }
}

/** Monthly premium factor by age band (the schemes' own rating table is the authority for quotes). */
function ageFactor(age: number): number {
  if (age < 18) return 0.6;
  if (age <= 35) return 1;
  if (age <= 50) return 1.3;
  if (age <= 65) return 1.8;
  return 2.6;
}

export const DEMO_SEED = 2026;

/** Builds the demo world. Pure: the same seed always gives the same plan. */
/**
 * The demo world, the same every time for a seed. `scale` multiplies the staff of every company
 * (the benchmark's larger world); the providers, schemes and the 600 seeded claims stay as they are.
 */
export function buildDemoPlan(seed = DEMO_SEED, scale = 1): DemoPlan {
  const random = new SeededRandom(seed);
  const asOf = '2026-11-02';
  const yearStart = '2026-01-01';
  const yearEnd = '2026-12-31';

  const companies = COMPANIES.map((c) => ({ id: random.uuid(), ...c }));
  const schemes = SCHEMES.map((s) => ({ id: random.uuid(), versionId: random.uuid(), ...s }));
  const providers = PROVIDERS.map((p) => ({ id: random.uuid(), ...p }));

  const members: DemoMember[] = [];
  const policies: DemoPolicy[] = [];
  const phones = new Set<string>();
  const uniquePhone = () => {
    for (;;) {
      const phone = `+2547${random.int(0, 99_999_999).toString().padStart(8, '0')}`;
      if (!phones.has(phone)) {
        phones.add(phone);
        return phone;
      }
    }
  };
  // A larger world (scale) repeats names: a repeat gets the member number added.
  const emails = new Set<string>();
  const uniqueEmail = (local: string, domain: string) => {
    let email = `${local}@${domain}`.toLowerCase();
    if (emails.has(email)) email = `${local}.${number}@${domain}`.toLowerCase();
    emails.add(email);
    return email;
  };
  const birthDate = (minAge: number, maxAge: number) => addDays(`${2026 - maxAge - 1}-11-03`, random.int(0, (maxAge - minAge + 1) * 365 - 1));

  let number = 100001;
  const principalsPerCompany = [20, 16, 14, 12, 14].map((n) => n * scale);
  companies.forEach((company, companyIndex) => {
    for (let p = 0; p < principalsPerCompany[companyIndex]; p += 1) {
      const gender = random.chance(0.5) ? 'FEMALE' : 'MALE';
      const firstName = random.pick(gender === 'FEMALE' ? FEMALE_NAMES : MALE_NAMES);
      const lastName = random.pick(SURNAMES);
      const base = `MCS${number++}`;
      // Most staff joined in earlier years and renewed on 1 January; some joined during 2026.
      const enrolmentDate = random.chance(0.8) ? addDays('2019-01-01', random.int(0, 2555)) : addDays(yearStart, random.int(20, 200));
      const coverStart = enrolmentDate > yearStart ? enrolmentDate : yearStart;
      const status = random.weighted([
        ['ACTIVE', 88],
        ['PENDING', 4],
        ['SUSPENDED', 4],
        ['TERMINATED', 4],
      ] as const);
      const principal: DemoMember = {
        id: random.uuid(),
        memberNumber: `${base}-00`,
        companyId: company.id,
        principalId: null,
        relationship: 'SELF',
        firstName,
        lastName,
        dateOfBirth: birthDate(24, 60),
        gender,
        email: uniqueEmail(`${firstName}.${lastName}${number % 97}`, company.email.split('@')[1]),
        phone: uniquePhone(),
        nationalId: String(random.int(10_000_000, 39_999_999)),
        status,
        enrolmentDate,
        terminationDate: status === 'TERMINATED' ? addDays(coverStart, random.int(60, 250)) : null,
      };
      members.push(principal);
      const family = [principal];
      let suffix = 1;
      const addDependant = (relationship: DemoMember['relationship'], dob: string, depGender: 'FEMALE' | 'MALE') => {
        const dependant: DemoMember = {
          id: random.uuid(),
          memberNumber: `${base}-${String(suffix++).padStart(2, '0')}`,
          companyId: company.id,
          principalId: principal.id,
          relationship,
          firstName: random.pick(depGender === 'FEMALE' ? FEMALE_NAMES : MALE_NAMES),
          lastName: relationship === 'PARENT' ? random.pick(SURNAMES) : lastName,
          dateOfBirth: dob,
          gender: depGender,
          email: null,
          phone: relationship === 'CHILD' ? null : uniquePhone(),
          nationalId: null,
          status: principal.status,
          // A child born after the principal joined was enrolled at birth.
          enrolmentDate: dob > enrolmentDate ? dob : enrolmentDate,
          terminationDate: principal.terminationDate,
        };
        members.push(dependant);
        family.push(dependant);
      };
      const principalAge = ageOn(principal.dateOfBirth, asOf);
      if (principalAge >= 24 && random.chance(0.65)) {
        addDependant('SPOUSE', birthDate(Math.max(21, principalAge - 8), Math.min(65, principalAge + 5)), gender === 'FEMALE' ? 'MALE' : 'FEMALE');
      }
      const children = principalAge < 26 ? 0 : random.weighted([[0, 2], [1, 3], [2, 4], [3, 2], [4, 1]] as const);
      for (let c = 0; c < children; c += 1) {
        addDependant('CHILD', birthDate(0, Math.min(21, principalAge - 20)), random.chance(0.5) ? 'FEMALE' : 'MALE');
      }
      if (random.chance(0.08)) addDependant('PARENT', birthDate(principalAge + 20, Math.min(84, principalAge + 32)), random.chance(0.6) ? 'FEMALE' : 'MALE');

      if (principal.status === 'PENDING') continue;
      const scheme = schemes.find((s) => s.code === company.schemeCode)!;
      const monthly = family.reduce(
        (sum, m) => sum + Math.round((scheme.baseMonthlyPremiumMinor * ageFactor(ageOn(m.dateOfBirth, coverStart))) / 100) * 100,
        0,
      );
      policies.push({
        id: random.uuid(),
        policyNumber: `POL-2026-${String(policies.length + 1).padStart(5, '0')}`,
        schemeId: scheme.id,
        schemeVersionId: scheme.versionId,
        holderMemberId: principal.id,
        companyId: company.id,
        coveredMemberIds: family.map((m) => m.id),
        startDate: coverStart,
        endDate: yearEnd,
        billingFrequency: 'MONTHLY',
        monthlyPremiumMinor: monthly,
        status: principal.status === 'SUSPENDED' ? 'SUSPENDED' : principal.status === 'TERMINATED' ? 'CANCELLED' : 'ACTIVE',
      });
    }
  });

  return {
    seed,
    currency: 'KES',
    asOf,
    companies,
    members,
    schemes,
    policies,
    providers,
    random: (label) => new SeededRandom(`${seed}:${label}`),
  };
}

/** A sales agent of the demo world (crm), with the counties of their territory. */
export interface DemoSalesAgent {
  id: string;
  agentCode: string;
  name: string;
  territory: 'Nairobi Metro' | 'Coast' | 'Lake and Rift';
  team: 'Corporate Sales' | 'Regional Sales';
}

const SALES_AGENTS: Omit<DemoSalesAgent, 'id'>[] = [
  { agentCode: 'AG-NBI-001', name: 'Francis Omondi', territory: 'Nairobi Metro', team: 'Corporate Sales' },
  { agentCode: 'AG-NBI-002', name: 'Lucy Wairimu', territory: 'Nairobi Metro', team: 'Corporate Sales' },
  { agentCode: 'AG-CST-001', name: 'Salim Abdalla', territory: 'Coast', team: 'Regional Sales' },
  { agentCode: 'AG-CST-002', name: 'Rehema Mwinyi', territory: 'Coast', team: 'Regional Sales' },
  { agentCode: 'AG-LKR-001', name: 'Peter Kipkemboi', territory: 'Lake and Rift', team: 'Regional Sales' },
  { agentCode: 'AG-LKR-002', name: 'Beatrice Adhiambo', territory: 'Lake and Rift', team: 'Regional Sales' },
];

/** The counties of each demo sales territory. */
export const DEMO_TERRITORIES: Record<DemoSalesAgent['territory'], string[]> = {
  'Nairobi Metro': ['Nairobi', 'Kiambu', 'Machakos', 'Kajiado'],
  Coast: ['Mombasa', 'Kilifi', 'Kwale', 'Lamu'],
  'Lake and Rift': ['Kisumu', 'Nakuru', 'Kericho', 'Uasin Gishu', 'Siaya'],
};

/**
 * The demo's sales agents, with fixed ids from their own random stream (so the rest of the plan
 * is unchanged by them).
 */
export function demoSalesAgents(plan: DemoPlan): DemoSalesAgent[] {
  const random = plan.random('crm-agents');
  return SALES_AGENTS.map((a) => ({ id: random.uuid(), ...a }));
}

/**
 * Which demo policies an agent sold: every third policy of a company in a county some territory
 * covers, taken in turn by that territory's agents. Schemes records the agent on the policy and
 * crm accrues their commission from the policy events.
 */
export function demoPolicySellers(plan: DemoPlan): Map<string, string> {
  const agents = demoSalesAgents(plan);
  const companies = new Map(plan.companies.map((c) => [c.id, c]));
  const turn = new Map<string, number>();
  const sellers = new Map<string, string>();
  plan.policies.forEach((policy, index) => {
    if (index % 3 !== 0) return;
    const county = companies.get(policy.companyId)?.county;
    const territory = (Object.keys(DEMO_TERRITORIES) as DemoSalesAgent['territory'][]).find((t) => county && DEMO_TERRITORIES[t].includes(county));
    if (!territory) return;
    const candidates = agents.filter((a) => a.territory === territory);
    const n = turn.get(territory) ?? 0;
    turn.set(territory, n + 1);
    sellers.set(policy.id, candidates[n % candidates.length].id);
  });
  return sellers;
}
