import type { EntityManager } from 'typeorm';
import { providerOffers, type DemoPlan, type DemoProvider } from '../../../demo/plan';
import type { SeededRandom } from '../../../kit/seeded-random';
import { ContractStatus, ProviderContract } from './contract/contract.entity';
import { recordContractSnapshots } from './contract/contract.events';
import { formatContractNumber } from './contract/contract.service';
import { ContractTariff } from './contract/tariff.entity';
import { ProviderAccreditation } from './licence/accreditation.entity';
import { ProviderLicence } from './licence/licence.entity';
import { NetworkMembership } from './network/network-membership.entity';
import { NetworkTier, ProviderNetwork } from './network/network.entity';
import { MedicalPersonnel, PersonnelCadre } from './personnel/personnel.entity';
import { ProviderEvent, ProviderEventType } from './provider/provider-event.entity';
import { Provider, ProviderStatus, ProviderType } from './provider/provider.entity';
import { recordProviderSnapshots } from './provider/provider.events';
import { HealthRegulator } from './regulator';

const DEMO_ACTOR = 'system:demo-seed';

/**
 * The insurer's standard agreed price per service, in whole KES: about 80% of what a typical Nairobi
 * private facility bills (a GP consultation billed at 2,500 is agreed at 2,000). The codes are those
 * of the claims subgraph's service catalogue, copied here: subgraphs share codes, not code.
 */
const STANDARD_TARIFF_KES: Record<string, number> = {
  'CON-GP': 2000, 'CON-GP-REV': 1200, 'CON-SPEC': 3600, 'CON-SPEC-REV': 2400, 'CON-CASUALTY': 2800, 'CON-NUTRITION': 1600,
  'CON-PSYCHIATRY': 4800, 'THR-COUNSELLING': 3200, 'THR-PHYSIO': 2000, 'CON-WARD-ROUND': 2800,
  'LAB-FBC': 960, 'LAB-BS-MPS': 400, 'LAB-MRDT': 480, 'LAB-HBA1C': 2000, 'LAB-RBS': 240, 'LAB-FBS': 320, 'LAB-LIPID': 2250, 'LAB-UEC': 2250,
  'LAB-LFT': 2000, 'LAB-URINALYSIS': 400, 'LAB-URINE-CS': 1600, 'LAB-STOOL': 400, 'LAB-HPYLORI': 1450, 'LAB-TYPHOID-AG': 1200, 'LAB-ESR': 400,
  'LAB-CRP': 1200, 'LAB-TSH': 1750, 'LAB-PSA': 2000, 'LAB-PDT': 320, 'LAB-HIV': 400, 'LAB-ANC-PROFILE': 2800, 'LAB-GXM': 1200,
  'LAB-GENEXPERT': 2400, 'LAB-PAP': 2000, 'LAB-COVID-AG': 1200, 'LAB-BLOOD-CS': 2800,
  'IMG-CXR': 2000, 'IMG-XR-LIMB': 2000, 'IMG-USS-ABD': 3200, 'IMG-USS-PELVIC': 2800, 'IMG-USS-OBS': 2400, 'IMG-CT-HEAD': 9600,
  'IMG-MRI-LSPINE': 20000, 'IMG-ECHO': 6400, 'IMG-MAMMO': 4800, 'DX-ECG': 2000,
  'IP-ADMISSION': 1600, 'IP-BED-GENERAL': 7000, 'IP-BED-PRIVATE': 12000, 'IP-HDU': 20000, 'IP-ICU': 36000, 'IP-NURSING': 2000,
  'IP-DRUGS': 3600, 'IP-THEATRE-MINOR': 12000, 'IP-THEATRE-MAJOR': 48000, 'IP-SURGEON': 40000, 'IP-ANAESTHETIST': 16000,
  'IP-TRANSFUSION': 5200, 'IP-DIALYSIS': 7600, 'IP-CHEMO': 28000,
  'MAT-ANC': 1600, 'MAT-NVD': 36000, 'MAT-CS': 120000, 'MAT-PNC': 1600, 'MAT-NEWBORN': 2800,
  'DEN-EXAM': 1600, 'DEN-XRAY': 800, 'DEN-OPG': 2400, 'DEN-EXTRACTION': 2400, 'DEN-SURGICAL-EXTRACTION': 9600, 'DEN-SCALING': 3600,
  'DEN-FILLING-AMALGAM': 2800, 'DEN-FILLING-COMPOSITE': 4000, 'DEN-ROOT-CANAL': 12000,
  'OPT-EXAM': 2000, 'OPT-REFRACTION': 1200, 'OPT-FRAMES': 6400, 'OPT-LENS-SINGLE': 4800, 'OPT-LENS-BIFOCAL': 9600,
  'EMG-AMBULANCE': 6000,
  'PROC-SUTURING': 2400, 'PROC-DRESSING': 640, 'PROC-POP-CAST': 4800, 'PROC-NEBULISATION': 960, 'PROC-IUCD': 4000,
  'VAC-INFLUENZA': 2000, 'VAC-HEPATITIS-B': 1450, 'VAC-TYPHOID': 2800,
  'PHA-AL': 360, 'PHA-PARACETAMOL': 80, 'PHA-IBUPROFEN': 160, 'PHA-AMOXICILLIN': 280, 'PHA-CO-AMOXICLAV': 1100, 'PHA-AZITHROMYCIN': 360,
  'PHA-CIPROFLOXACIN': 240, 'PHA-NITROFURANTOIN': 360, 'PHA-METRONIDAZOLE': 200, 'PHA-OMEPRAZOLE': 480, 'PHA-CETIRIZINE': 120,
  'PHA-DICLOFENAC': 160, 'PHA-CHLORAMPHENICOL-EYE': 200, 'PHA-ORS-ZINC': 200, 'PHA-FLUCONAZOLE': 120, 'PHA-FERROUS-FOLIC': 240,
  'PHA-AMLODIPINE': 480, 'PHA-LOSARTAN': 960, 'PHA-LOSARTAN-HCTZ': 1450, 'PHA-METFORMIN': 560, 'PHA-GLICLAZIDE': 720,
  'PHA-INSULIN-MIXED': 1200, 'PHA-ATORVASTATIN': 1200, 'PHA-SALBUTAMOL-INH': 520, 'PHA-BECLOMETASONE-INH': 1200, 'PHA-SERTRALINE': 1450,
};


/** Specialist and Nairobi hospitals negotiate higher prices, clinics lower; always below what they bill. */
function priceFactorPercent(provider: DemoProvider): number {
  if (/Specialist/.test(provider.name)) return 115;
  if (provider.type === 'HOSPITAL') return provider.county === 'Nairobi' ? 110 : 100;
  if (provider.type === 'CLINIC') return 90;
  return 100;
}

/** A price in whole KES rounded as price lists are: to 50 from 1,000 up, to 10 below. */
function roundPrice(kes: number): number {
  const step = kes >= 1000 ? 50 : 10;
  return Math.round(kes / step) * step;
}

/** The demo provider's agreed 2026 prices, in minor units, by service code. */
export function demoTariffs(provider: DemoProvider): { serviceCode: string; priceMinor: number }[] {
  const factor = priceFactorPercent(provider);
  return Object.entries(STANDARD_TARIFF_KES)
    .filter(([code]) => providerOffers(provider.type, code))
    .map(([serviceCode, kes]) => ({ serviceCode, priceMinor: roundPrice((kes * factor) / 100) * 100 }));
}

const AREA_CODE: Record<string, string> = { Nairobi: '20', Mombasa: '41', Kisumu: '57', Nakuru: '51', Kericho: '52' };
const FIRST_NAMES = ['Wanjiru', 'Akinyi', 'Njeri', 'Chebet', 'Mwende', 'Kerubo', 'Halima', 'Faith', 'Kamau', 'Otieno', 'Kiprono', 'Omondi', 'Wafula', 'Mutua', 'Hassan', 'Dennis'];
const SURNAMES = ['Mwangi', 'Odhiambo', 'Njoroge', 'Chepkoech', 'Ochieng', 'Kariuki', 'Mohamed', 'Wekesa', 'Nyaga', 'Koech', 'Achieng', 'Maina', 'Gitau', 'Owino', 'Kilonzo', 'Ndungu'];
const HOSPITAL_SPECIALTIES = ['Internal medicine', 'Paediatrics', 'Obstetrics and gynaecology', 'General surgery', 'Orthopaedics'] as const;

/** Each kind of provider's staff: cadre and specialty (one of a list: picked per provider). */
const STAFF: Record<DemoProvider['type'], [PersonnelCadre, string | readonly string[] | null][]> = {
  HOSPITAL: [
    [PersonnelCadre.DOCTOR, HOSPITAL_SPECIALTIES],
    [PersonnelCadre.DOCTOR, 'Emergency medicine'],
    [PersonnelCadre.CLINICAL_OFFICER, null],
    [PersonnelCadre.NURSE, 'Critical care nursing'],
    [PersonnelCadre.RADIOGRAPHER, null],
  ],
  CLINIC: [
    [PersonnelCadre.DOCTOR, 'Family medicine'],
    [PersonnelCadre.CLINICAL_OFFICER, null],
    [PersonnelCadre.NURSE, null],
  ],
  PHARMACY: [
    [PersonnelCadre.PHARMACIST, null],
    [PersonnelCadre.PHARMACEUTICAL_TECHNOLOGIST, null],
  ],
  LABORATORY: [
    [PersonnelCadre.LABORATORY_TECHNOLOGIST, 'Clinical chemistry'],
    [PersonnelCadre.LABORATORY_TECHNOLOGIST, 'Haematology'],
  ],
  DENTAL: [
    [PersonnelCadre.DENTIST, 'Restorative dentistry'],
    [PersonnelCadre.DENTIST, null],
    [PersonnelCadre.NURSE, null],
  ],
  OPTICAL: [
    [PersonnelCadre.OPTOMETRIST, null],
    [PersonnelCadre.OPTOMETRIST, 'Paediatric optometry'],
  ],
};

/** How each cadre's board numbers its registrations (illustrative formats, not real numbers). */
function registrationOf(cadre: PersonnelCadre, serial: number): [HealthRegulator, string] {
  switch (cadre) {
    case PersonnelCadre.DOCTOR:
      return [HealthRegulator.KMPDC, `A${serial}`];
    case PersonnelCadre.DENTIST:
      return [HealthRegulator.KMPDC, `B${serial}`];
    case PersonnelCadre.CLINICAL_OFFICER:
      return [HealthRegulator.COC, `COC/${serial}`];
    case PersonnelCadre.NURSE:
      return [HealthRegulator.NCK, `NCK/${serial}`];
    case PersonnelCadre.PHARMACIST:
      return [HealthRegulator.PPB, `PPB/P/${serial}`];
    case PersonnelCadre.PHARMACEUTICAL_TECHNOLOGIST:
      return [HealthRegulator.PPB, `PPB/T/${serial}`];
    case PersonnelCadre.LABORATORY_TECHNOLOGIST:
      return [HealthRegulator.KMLTTB, `KMLTTB/${serial}`];
    case PersonnelCadre.RADIOGRAPHER:
    case PersonnelCadre.OPTOMETRIST:
    case PersonnelCadre.PHYSIOTHERAPIST:
      return [HealthRegulator.OTHER, `${cadre.slice(0, 3)}/${serial}`];
  }
}

/** The body that licenses each kind of facility, and how it numbers its licences. */
function facilityLicence(type: DemoProvider['type']): [HealthRegulator, string] {
  switch (type) {
    case 'PHARMACY':
      return [HealthRegulator.PPB, 'PPB/RP'];
    case 'LABORATORY':
      return [HealthRegulator.KMLTTB, 'KMLTTB/LAB'];
    default:
      return [HealthRegulator.KMPDC, 'KMPDC/HF'];
  }
}

const NETWORKS = [
  { code: 'AFYA-BASIC', name: 'Afya Basic', tier: NetworkTier.BASIC, description: 'Clinics, pharmacies, laboratories, dental and optical centres, and general and mission hospitals.' },
  { code: 'AFYA-PLUS', name: 'Afya Plus', tier: NetworkTier.PLUS, description: 'Afya Basic plus general and mission hospitals across the regions.' },
  { code: 'AFYA-PREMIER', name: 'Afya Premier', tier: NetworkTier.PREMIER, description: 'Every contracted provider, including specialist hospitals.' },
] as const;

/** Specialist hospitals are in AFYA-PLUS and AFYA-PREMIER only; every other provider is in all three networks. */
function networksOf(provider: DemoProvider): string[] {
  return isSpecialistHospital(provider) ? ['AFYA-PLUS', 'AFYA-PREMIER'] : NETWORKS.map((n) => n.code);
}

function isSpecialistHospital(provider: DemoProvider): boolean {
  return provider.type === 'HOSPITAL' && provider.name.includes('Specialist');
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** The demo providers: the plan's 13, and one blacklisted clinic of this subgraph's own (not in the plan, so nothing else uses it). */
function demoProviders(plan: DemoPlan, random: SeededRandom): DemoProvider[] {
  const blacklisted: DemoProvider = { id: random.uuid(), name: 'Mwangaza Medical Clinic', type: 'CLINIC', county: 'Nairobi' };
  return [...plan.providers, blacklisted];
}

/** The blacklisted clinic's fixed id (the first draw of `plan.random('providers')`). */
export function demoBlacklistedProviderId(plan: DemoPlan): string {
  return demoProviders(plan, plan.random('providers')).at(-1)!.id;
}

/**
 * Seeds the providers of the demo world with fixed ids: licences (one clinic's expired on
 * 2026-06-30, so claims after it are PROVIDER_UNLICENSED), personnel, the three networks, a
 * 2026 contract each, and an extra blacklisted clinic. Records the events the claims read model
 * is built from. Deterministic: every id and number comes from `plan.random('providers')`.
 */
export async function seedProvidersDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const random = plan.random('providers');
  const providers = demoProviders(plan, random);
  const blacklisted = providers.at(-1)!;
  const expiredClinic = plan.providers.find((p) => p.type === 'CLINIC')!;
  const formerBasicHospital = plan.providers.find(isSpecialistHospital)!;

  const registrationNumbers = new Set<string>();
  const registrationNumber = () => {
    for (;;) {
      const number = `KMHFL-${random.int(10_000, 29_999)}`;
      if (!registrationNumbers.has(number)) {
        registrationNumbers.add(number);
        return number;
      }
    }
  };
  await manager.insert(
    Provider,
    providers.map((p) => ({
      id: p.id,
      name: p.name,
      registrationNumber: registrationNumber(),
      type: p.type as ProviderType,
      county: p.county,
      physicalAddress: `${p.name}, ${p.county}`,
      email: `info@${slug(p.name)}.co.ke`,
      phone: `+254${AREA_CODE[p.county] ?? '20'}${random.int(2_000_000, 8_999_999)}`,
      contactPerson: `${random.pick(FIRST_NAMES)} ${random.pick(SURNAMES)}`,
      status: ProviderStatus.ACTIVE,
      blacklisted: p === blacklisted,
      version: 1,
    })),
  );

  const history: Partial<ProviderEvent>[] = providers.map((p) => ({
    id: random.uuid(),
    providerId: p.id,
    type: ProviderEventType.REGISTERED,
    fromStatus: null,
    toStatus: ProviderStatus.ACTIVE,
    actorId: DEMO_ACTOR,
    reason: 'Registered as a provider',
    effectiveDate: `${random.int(2012, 2021)}-${String(random.int(1, 12)).padStart(2, '0')}-01`,
  }));
  history.push({
    id: random.uuid(),
    providerId: blacklisted.id,
    type: ProviderEventType.BLACKLISTED,
    fromStatus: ProviderStatus.ACTIVE,
    toStatus: ProviderStatus.ACTIVE,
    actorId: 'fraud-investigations',
    reason: 'Billing for services not rendered, confirmed by a claims audit of January to April 2026',
    effectiveDate: '2026-05-15',
  });
  await manager.insert(ProviderEvent, history);

  // Licences: last year's and this year's, except the clinic whose licence ran out mid-2026.
  let licenceSerial = random.int(1_000, 4_000);
  const licences: Partial<ProviderLicence>[] = [];
  const licence = (p: DemoProvider, [body, prefix]: [HealthRegulator, string], validFrom: string, validTo: string) =>
    licences.push({
      id: random.uuid(),
      providerId: p.id,
      issuingBody: body,
      number: `${prefix}/${validFrom.slice(0, 4)}/${licenceSerial++}`,
      validFrom,
      validTo,
      recordedBy: DEMO_ACTOR,
    });
  for (const p of providers) {
    if (p === expiredClinic) {
      licence(p, facilityLicence(p.type), '2024-07-01', '2025-06-30');
      licence(p, facilityLicence(p.type), '2025-07-01', '2026-06-30');
      continue;
    }
    licence(p, facilityLicence(p.type), '2025-01-01', '2025-12-31');
    licence(p, facilityLicence(p.type), '2026-01-01', '2026-12-31');
    if (p.type === 'HOSPITAL') licence(p, [HealthRegulator.KNRA, 'KNRA/RL'], '2026-01-01', '2026-12-31');
  }
  await manager.insert(ProviderLicence, licences);

  const accreditations: Partial<ProviderAccreditation>[] = [];
  for (const p of providers) {
    if (p.type === 'HOSPITAL') {
      const awarded = `${random.int(2023, 2025)}-${String(random.int(1, 12)).padStart(2, '0')}-01`;
      accreditations.push({ id: random.uuid(), providerId: p.id, body: 'SafeCare', level: `Level ${random.int(3, 5)}`, awardedOn: awarded, expiresOn: null, recordedBy: DEMO_ACTOR });
    }
    if (p.type === 'LABORATORY') {
      accreditations.push({ id: random.uuid(), providerId: p.id, body: 'KENAS', level: 'ISO 15189', awardedOn: '2024-03-01', expiresOn: '2028-02-29', recordedBy: DEMO_ACTOR });
    }
  }
  await manager.insert(ProviderAccreditation, accreditations);

  const serials = new Map<HealthRegulator, Set<string>>();
  const personnel: Partial<MedicalPersonnel>[] = [];
  for (const p of providers) {
    for (const [cadre, specialty] of STAFF[p.type]) {
      let [board, number] = registrationOf(cadre, random.int(1_000, 19_999));
      while (serials.get(board)?.has(number)) [board, number] = registrationOf(cadre, random.int(1_000, 19_999));
      serials.set(board, (serials.get(board) ?? new Set<string>()).add(number));
      personnel.push({
        id: random.uuid(),
        providerId: p.id,
        firstName: random.pick(FIRST_NAMES),
        lastName: random.pick(SURNAMES),
        cadre,
        registrationBody: board,
        registrationNumber: number,
        specialty: Array.isArray(specialty) ? random.pick(specialty) : (specialty as string | null),
        email: null,
        phone: null,
      });
    }
  }
  await manager.insert(MedicalPersonnel, personnel);

  const networks = NETWORKS.map((n) => ({ id: random.uuid(), ...n }));
  await manager.insert(ProviderNetwork, networks);
  const networkId = new Map<string, string>(networks.map((n) => [n.code, n.id]));
  const memberships: Partial<NetworkMembership>[] = [];
  for (const p of providers) {
    for (const code of networksOf(p)) {
      memberships.push({ id: random.uuid(), networkId: networkId.get(code)!, providerId: p.id, joinedOn: '2024-01-01', leftOn: null, joinedBy: DEMO_ACTOR });
    }
  }
  // History: the specialist hospital was in AFYA-BASIC until it moved up a tier at the 2026 renewal.
  memberships.push({
    id: random.uuid(),
    networkId: networkId.get('AFYA-BASIC')!,
    providerId: formerBasicHospital.id,
    joinedOn: '2024-01-01',
    leftOn: '2025-12-31',
    joinedBy: DEMO_ACTOR,
    leftBy: DEMO_ACTOR,
    leftReason: 'Specialist hospitals moved to AFYA-PLUS and AFYA-PREMIER at the 2026 renewal',
  });
  await manager.insert(NetworkMembership, memberships);

  // Contracts are written as drafts with their tariffs, then agreed (tariffs are fixed from then on).
  const contracts = providers.map((p, index) => ({
    id: random.uuid(),
    contractNumber: formatContractNumber('2026', index + 1),
    revision: 1,
    supersedesId: null,
    providerId: p.id,
    status: ContractStatus.DRAFT,
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    endDate: null,
    endReason: null,
    currency: plan.currency,
    createdBy: DEMO_ACTOR,
    version: 1,
  }));
  await manager.insert(ProviderContract, contracts);
  const tariffs = providers.flatMap((p, index) =>
    demoTariffs(p).map((t) => ({ id: random.uuid(), contractId: contracts[index].id, serviceCode: t.serviceCode, currency: plan.currency, priceMinor: t.priceMinor })),
  );
  for (let i = 0; i < tariffs.length; i += 500) await manager.insert(ContractTariff, tariffs.slice(i, i + 500));
  const blacklistedContract = contracts.at(-1)!;
  await manager.update(
    ProviderContract,
    contracts.filter((c) => c !== blacklistedContract).map((c) => c.id),
    { status: ContractStatus.ACTIVE, activatedBy: DEMO_ACTOR },
  );
  await manager.update(ProviderContract, blacklistedContract.id, {
    status: ContractStatus.TERMINATED,
    activatedBy: DEMO_ACTOR,
    endDate: '2026-05-14',
    endReason: 'Provider blacklisted from 2026-05-15',
    terminatedBy: 'fraud-investigations',
  });
  await manager.query(`SELECT setval('contract_number_seq', $1)`, [contracts.length]);

  // The claims read model fills from these on first start.
  await recordProviderSnapshots(manager, providers.map((p) => p.id));
  await recordContractSnapshots(manager, contracts.map((c) => c.id));
}
