import type { EntityManager } from 'typeorm';
import { providerOffers, type DemoMember, type DemoPlan, type DemoProvider } from '../../../demo/plan';
import { addDays, ageOn, daysBetween } from '../../../kit/dates';
import type { SeededRandom } from '../../../kit/seeded-random';
import { ClaimLine } from './claim/claim-line.entity';
import { Claim, ClaimStatus } from './claim/claim.entity';
import { formatClaimNumber } from './claim/claim.service';
import { ClaimBenefitCategory as C } from './service-catalogue/benefit-category';
import { MEDICAL_SERVICE_CATALOGUE } from './service-catalogue/medical-service-catalogue';
import { Preauthorisation, PreauthStatus } from './preauthorisation/preauthorisation.entity';

const DEMO_ACTOR = 'system:demo-seed';
export const DEMO_CLAIM_COUNT = 600;

/** What each service costs at a typical Nairobi private facility, in whole KES (before the provider's own tariff). */
const BASE_PRICE_KES: Record<string, number> = {
  'CON-GP': 2500, 'CON-GP-REV': 1500, 'CON-SPEC': 4500, 'CON-SPEC-REV': 3000, 'CON-CASUALTY': 3500, 'CON-NUTRITION': 2000,
  'CON-PSYCHIATRY': 6000, 'THR-COUNSELLING': 4000, 'THR-PHYSIO': 2500, 'CON-WARD-ROUND': 3500,
  'LAB-FBC': 1200, 'LAB-BS-MPS': 500, 'LAB-MRDT': 600, 'LAB-HBA1C': 2500, 'LAB-RBS': 300, 'LAB-FBS': 400, 'LAB-LIPID': 2800,
  'LAB-UEC': 2800, 'LAB-LFT': 2500, 'LAB-URINALYSIS': 500, 'LAB-URINE-CS': 2000, 'LAB-STOOL': 500, 'LAB-HPYLORI': 1800,
  'LAB-TYPHOID-AG': 1500, 'LAB-ESR': 500, 'LAB-CRP': 1500, 'LAB-TSH': 2200, 'LAB-PSA': 2500, 'LAB-PDT': 400, 'LAB-HIV': 500,
  'LAB-ANC-PROFILE': 3500, 'LAB-GXM': 1500, 'LAB-GENEXPERT': 3000, 'LAB-PAP': 2500, 'LAB-COVID-AG': 1500, 'LAB-BLOOD-CS': 3500,
  'IMG-CXR': 2500, 'IMG-XR-LIMB': 2500, 'IMG-USS-ABD': 4000, 'IMG-USS-PELVIC': 3500, 'IMG-USS-OBS': 3000, 'IMG-CT-HEAD': 12000,
  'IMG-MRI-LSPINE': 25000, 'IMG-ECHO': 8000, 'IMG-MAMMO': 6000, 'DX-ECG': 2500,
  'IP-ADMISSION': 2000, 'IP-BED-GENERAL': 8000, 'IP-BED-PRIVATE': 15000, 'IP-HDU': 25000, 'IP-ICU': 45000, 'IP-NURSING': 2500,
  'IP-DRUGS': 4500, 'IP-THEATRE-MINOR': 15000, 'IP-THEATRE-MAJOR': 60000, 'IP-SURGEON': 50000, 'IP-ANAESTHETIST': 20000,
  'IP-TRANSFUSION': 6500, 'IP-DIALYSIS': 9500, 'IP-CHEMO': 35000,
  'MAT-ANC': 2000, 'MAT-NVD': 45000, 'MAT-CS': 150000, 'MAT-PNC': 2000, 'MAT-NEWBORN': 3500,
  'DEN-EXAM': 2000, 'DEN-XRAY': 1000, 'DEN-OPG': 3000, 'DEN-EXTRACTION': 3000, 'DEN-SURGICAL-EXTRACTION': 12000, 'DEN-SCALING': 4500,
  'DEN-FILLING-AMALGAM': 3500, 'DEN-FILLING-COMPOSITE': 5000, 'DEN-ROOT-CANAL': 15000,
  'OPT-EXAM': 2500, 'OPT-REFRACTION': 1500, 'OPT-FRAMES': 8000, 'OPT-LENS-SINGLE': 6000, 'OPT-LENS-BIFOCAL': 12000,
  'EMG-AMBULANCE': 7500, 'PROC-SUTURING': 3000, 'PROC-DRESSING': 800, 'PROC-POP-CAST': 6000, 'PROC-NEBULISATION': 1200, 'PROC-IUCD': 5000,
  'VAC-INFLUENZA': 2500, 'VAC-HEPATITIS-B': 1800, 'VAC-TYPHOID': 3500,
  'PHA-AL': 450, 'PHA-PARACETAMOL': 100, 'PHA-IBUPROFEN': 200, 'PHA-AMOXICILLIN': 350, 'PHA-CO-AMOXICLAV': 1400, 'PHA-AZITHROMYCIN': 450,
  'PHA-CIPROFLOXACIN': 300, 'PHA-NITROFURANTOIN': 450, 'PHA-METRONIDAZOLE': 250, 'PHA-OMEPRAZOLE': 600, 'PHA-CETIRIZINE': 150,
  'PHA-DICLOFENAC': 200, 'PHA-CHLORAMPHENICOL-EYE': 250, 'PHA-ORS-ZINC': 250, 'PHA-FLUCONAZOLE': 150, 'PHA-FERROUS-FOLIC': 300,
  'PHA-AMLODIPINE': 600, 'PHA-LOSARTAN': 1200, 'PHA-LOSARTAN-HCTZ': 1800, 'PHA-METFORMIN': 700, 'PHA-GLICLAZIDE': 900,
  'PHA-INSULIN-MIXED': 1500, 'PHA-ATORVASTATIN': 1500, 'PHA-SALBUTAMOL-INH': 650, 'PHA-BECLOMETASONE-INH': 1500, 'PHA-SERTRALINE': 1800,
};

/** A provider's tariff against the base prices, in percent (specialist hospitals charge more, clinics less). */
function tariffPercent(provider: DemoProvider): number {
  if (/Specialist/.test(provider.name)) return 125;
  if (provider.type === 'HOSPITAL') return provider.county === 'Nairobi' ? 115 : 105;
  if (provider.type === 'CLINIC') return 90;
  return 100;
}


export interface DemoClaimLine {
  id: string;
  lineNumber: number;
  serviceCode: string;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  billedAmountMinor: number;
  diagnosisCodes: string[];
}

export interface DemoClaim {
  id: string;
  claimNumber: string;
  memberId: string;
  providerId: string;
  providerReference: string;
  benefitCategory: C;
  serviceDate: string;
  admissionDate: string | null;
  dischargeDate: string | null;
  diagnosisCodes: string[];
  currency: string;
  totalBilledMinor: number;
  submittedAt: Date;
  submittedBy: string;
  lines: DemoClaimLine[];
}

/** A line as a scenario writes it: service, quantity, the diagnoses it treats. */
type Line = [serviceCode: string, quantity: number, diagnosisCodes: string[]];

/** One bill of an episode of care: a visit, a stay, or the pharmacy that filled the prescription. */
interface Bill {
  providerTypes: DemoProvider['type'][];
  category: C;
  diagnosisCodes: string[];
  lines: Line[];
  /** Nights in hospital; the stay starts on the episode's day. */
  stayDays?: number;
  /** Days after the episode's day (a prescription filled the next morning). */
  dayOffset?: number;
}

/** Members with a long-term condition, drawn once so that the same people come back for reviews. */
type Condition = 'hypertension' | 'diabetes' | 'asthma';
type Cohorts = Record<Condition, Set<string>>;

interface Scenario {
  name: string;
  weight: number;
  eligible(member: DemoMember, age: number, cohorts: Cohorts): boolean;
  bills(r: SeededRandom, member: DemoMember, age: number): Bill[];
}

const VISIT: DemoProvider['type'][] = ['CLINIC', 'HOSPITAL'];
const HOSPITAL: DemoProvider['type'][] = ['HOSPITAL'];

/** A prescription filled at a pharmacy, the same day or the next. */
function pharmacy(r: SeededRandom, category: C, diagnosisCodes: string[], lines: Line[]): Bill {
  return { providerTypes: ['PHARMACY'], category, diagnosisCodes, lines, dayOffset: r.chance(0.7) ? 0 : 1 };
}

const adult = (_: DemoMember, age: number) => age >= 18;
const anyone = () => true;

/** An admission for a medical condition: bed days, ward rounds, drugs and the tests that fit. */
function medicalAdmission(r: SeededRandom, dx: string[], stay: number, tests: Line[]): Bill {
  const [principal] = dx;
  return {
    providerTypes: HOSPITAL,
    category: C.INPATIENT,
    diagnosisCodes: dx,
    stayDays: stay,
    lines: [
      ['IP-ADMISSION', 1, [principal]],
      [r.chance(0.25) ? 'IP-BED-PRIVATE' : 'IP-BED-GENERAL', stay, [principal]],
      ['CON-WARD-ROUND', stay, [principal]],
      ['IP-NURSING', stay, [principal]],
      ['IP-DRUGS', stay, [principal]],
      ...tests,
    ],
  };
}

// Chronic reviews, casualty visits and counselling are billed to the outpatient benefit, as the
// demo schemes (like most Kenyan group schemes) pay them from it.
const SCENARIOS: Scenario[] = [
  {
    name: 'malaria',
    weight: 14,
    eligible: anyone,
    bills: (r, _m, age) => {
      const dx = [r.chance(0.85) ? 'B50.9' : 'B54'];
      const visit: Line[] = [['CON-GP', 1, dx], [r.chance(0.6) ? 'LAB-BS-MPS' : 'LAB-MRDT', 1, dx]];
      if (r.chance(0.4)) visit.push(['LAB-FBC', 1, dx]);
      const medicines: Line[] = [['PHA-AL', age < 14 ? 1 : r.pick([1, 1, 2]), dx], ['PHA-PARACETAMOL', 1, dx]];
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, medicines)];
    },
  },
  {
    name: 'upper respiratory infection',
    weight: 14,
    eligible: anyone,
    bills: (r) => {
      const code = r.weighted([['J06.9', 4], ['J02.9', 2], ['J03.9', 2], ['J00', 2], ['J20.9', 2], ['J01.9', 1]] as const);
      const dx = [code];
      const visit: Line[] = [['CON-GP', 1, dx]];
      if (code === 'J20.9' && r.chance(0.3)) visit.push(['IMG-CXR', 1, dx]);
      const antibiotic: Line[] =
        code === 'J02.9' || code === 'J03.9' || code === 'J01.9'
          ? [[r.chance(0.7) ? 'PHA-AMOXICILLIN' : 'PHA-CO-AMOXICLAV', 1, dx]]
          : code === 'J20.9' && r.chance(0.5)
            ? [['PHA-AZITHROMYCIN', 1, dx]]
            : [['PHA-CETIRIZINE', 1, dx]];
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, [...antibiotic, ['PHA-PARACETAMOL', 1, dx]])];
    },
  },
  {
    name: 'hypertension review',
    weight: 10,
    eligible: (m, age, cohorts) => age >= 35 && cohorts.hypertension.has(m.id),
    bills: (r) => {
      const dx = r.chance(0.3) ? ['I10', 'E78.5'] : ['I10'];
      const visit: Line[] = [[r.chance(0.5) ? 'CON-SPEC-REV' : 'CON-GP-REV', 1, ['I10']]];
      if (r.chance(0.4)) visit.push(['LAB-UEC', 1, ['I10']]);
      if (r.chance(0.1)) visit.push(['DX-ECG', 1, ['I10']]);
      if (dx.includes('E78.5')) visit.push(['LAB-LIPID', 1, ['E78.5']]);
      const months = r.pick([1, 1, 3]);
      const medicines: Line[] = [[r.pick(['PHA-AMLODIPINE', 'PHA-LOSARTAN', 'PHA-LOSARTAN-HCTZ']), months, ['I10']]];
      if (dx.includes('E78.5')) medicines.push(['PHA-ATORVASTATIN', months, ['E78.5']]);
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, medicines)];
    },
  },
  {
    name: 'diabetes review',
    weight: 7,
    eligible: (m, age, cohorts) => age >= 35 && cohorts.diabetes.has(m.id),
    bills: (r) => {
      const dx = [r.weighted([['E11.9', 8], ['E11.2', 1], ['E11.6', 1]] as const)];
      const visit: Line[] = [[r.chance(0.6) ? 'CON-SPEC-REV' : 'CON-GP-REV', 1, dx], ['LAB-HBA1C', 1, dx], [r.chance(0.5) ? 'LAB-RBS' : 'LAB-FBS', 1, dx]];
      if (dx[0] === 'E11.2') visit.push(['LAB-UEC', 1, dx]);
      const months = r.pick([1, 1, 3]);
      const medicines: Line[] = [['PHA-METFORMIN', months, dx]];
      if (r.chance(0.4)) medicines.push(['PHA-GLICLAZIDE', months, dx]);
      if (r.chance(0.1)) medicines.push(['PHA-INSULIN-MIXED', 2, dx]);
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, medicines)];
    },
  },
  {
    name: 'antenatal visit',
    weight: 8,
    eligible: (m, age) => m.gender === 'FEMALE' && age >= 20 && age <= 42,
    bills: (r) => {
      const dx = [r.weighted([['Z34.0', 2], ['Z34.8', 5], ['Z34.9', 1]] as const)];
      const booking = r.chance(0.3);
      const visit: Line[] = [['MAT-ANC', 1, dx]];
      if (booking) visit.push(['LAB-ANC-PROFILE', 1, dx], ['IMG-USS-OBS', 1, dx]);
      else {
        if (r.chance(0.3)) visit.push(['IMG-USS-OBS', 1, dx]);
        if (r.chance(0.5)) visit.push(['LAB-URINALYSIS', 1, dx]);
      }
      return [{ providerTypes: VISIT, category: C.MATERNITY, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.MATERNITY, dx, [['PHA-FERROUS-FOLIC', r.pick([1, 2]), dx]])];
    },
  },
  {
    name: 'delivery',
    weight: 2,
    eligible: (m, age) => m.gender === 'FEMALE' && age >= 20 && age <= 40,
    bills: (r) => {
      if (r.chance(0.7)) {
        const stay = r.pick([1, 1, 2]);
        const dx = ['O80.0', 'Z37.0'];
        return [{ providerTypes: HOSPITAL, category: C.MATERNITY, diagnosisCodes: dx, stayDays: stay, lines: [
          ['MAT-NVD', 1, ['O80.0']], ['IP-BED-GENERAL', stay, ['O80.0']], ['MAT-NEWBORN', stay, ['Z37.0']], ['LAB-FBC', 1, ['O80.0']],
        ] }];
      }
      const elective = r.chance(0.5);
      const dx = elective ? ['O82.0', 'O34.2', 'Z37.0'] : ['O82.1', 'Z37.0'];
      return [{ providerTypes: HOSPITAL, category: C.MATERNITY, diagnosisCodes: dx, stayDays: 3, lines: [
        ['MAT-CS', 1, [dx[0]]], ['IP-BED-GENERAL', 3, [dx[0]]], ['MAT-NEWBORN', 3, ['Z37.0']], ['LAB-GXM', 1, [dx[0]]], ['LAB-FBC', 1, [dx[0]]],
      ] }];
    },
  },
  {
    name: 'medical admission',
    weight: 4,
    eligible: anyone,
    bills: (r, _m, age) => {
      switch (r.pick(['pneumonia', 'severe malaria', 'gastroenteritis', 'typhoid'] as const)) {
        case 'pneumonia': {
          const dx = age < 5 ? 'J18.0' : 'J18.9';
          return [medicalAdmission(r, [dx], r.int(3, 5), [['LAB-FBC', 1, [dx]], ['IMG-CXR', 1, [dx]], ['LAB-CRP', 1, [dx]]])];
        }
        case 'severe malaria':
          return [medicalAdmission(r, ['B50.8'], r.int(2, 4), [['LAB-BS-MPS', 2, ['B50.8']], ['LAB-FBC', 1, ['B50.8']], ['LAB-UEC', 1, ['B50.8']]])];
        case 'gastroenteritis':
          return [medicalAdmission(r, ['A09.0', 'E86'], r.int(2, 3), [['LAB-STOOL', 1, ['A09.0']], ['LAB-UEC', 1, ['E86']], ['LAB-FBC', 1, ['A09.0']]])];
        case 'typhoid':
          return [medicalAdmission(r, ['A01.0'], r.int(3, 5), [['LAB-TYPHOID-AG', 1, ['A01.0']], ['LAB-BLOOD-CS', 1, ['A01.0']], ['LAB-FBC', 1, ['A01.0']]])];
      }
    },
  },
  {
    name: 'appendicectomy',
    weight: 1,
    eligible: (_m, age) => age >= 8,
    bills: () => {
      const dx = ['K35.8'];
      return [{ providerTypes: HOSPITAL, category: C.INPATIENT, diagnosisCodes: dx, stayDays: 3, lines: [
        ['IP-ADMISSION', 1, dx], ['IMG-USS-ABD', 1, dx], ['LAB-FBC', 1, dx], ['IP-THEATRE-MAJOR', 1, dx], ['IP-SURGEON', 1, dx],
        ['IP-ANAESTHETIST', 1, dx], ['IP-BED-GENERAL', 3, dx], ['IP-DRUGS', 3, dx],
      ] }];
    },
  },
  {
    name: 'dental',
    weight: 6,
    eligible: (_m, age) => age >= 4,
    bills: (r, _m, age) => {
      const kind = r.weighted([['caries', 4], ['abscess', 2], ['scaling', 3], ['pulpitis', 1], ['impacted', age >= 17 ? 1 : 0]] as const);
      const bill = (dx: string[], lines: Line[]): Bill[] => [{ providerTypes: ['DENTAL'], category: C.DENTAL, diagnosisCodes: dx, lines: [['DEN-EXAM', 1, dx], ...lines] }];
      switch (kind) {
        case 'caries':
          return bill(['K02.1'], [['DEN-XRAY', 1, ['K02.1']], [r.chance(0.6) ? 'DEN-FILLING-COMPOSITE' : 'DEN-FILLING-AMALGAM', r.pick([1, 1, 2]), ['K02.1']]]);
        case 'abscess':
          return bill(['K04.7'], [['DEN-XRAY', 1, ['K04.7']], ['DEN-EXTRACTION', 1, ['K04.7']]]);
        case 'scaling': {
          const dx = [r.chance(0.5) ? 'K03.6' : 'K05.1'];
          return bill(dx, [['DEN-SCALING', 1, dx]]);
        }
        case 'pulpitis':
          return bill(['K04.0'], [['DEN-XRAY', 1, ['K04.0']], ['DEN-ROOT-CANAL', 1, ['K04.0']]]);
        case 'impacted':
          return bill(['K01.1'], [['DEN-OPG', 1, ['K01.1']], ['DEN-SURGICAL-EXTRACTION', 1, ['K01.1']]]);
      }
    },
  },
  {
    name: 'optical',
    weight: 4,
    eligible: (_m, age) => age >= 6,
    bills: (r, _m, age) => {
      const exam: Line[] = [['OPT-EXAM', 1, []], ['OPT-REFRACTION', 1, []]];
      if (r.chance(0.25)) {
        return [{ providerTypes: ['OPTICAL'], category: C.OPTICAL, diagnosisCodes: ['Z01.0'], lines: exam.map(([c, q]) => [c, q, ['Z01.0']] as Line) }];
      }
      const code = age >= 42 ? 'H52.4' : r.chance(0.7) ? 'H52.1' : 'H52.2';
      const dx = [code];
      return [{ providerTypes: ['OPTICAL'], category: C.OPTICAL, diagnosisCodes: dx, lines: [
        ...exam.map(([c, q]) => [c, q, dx] as Line), ['OPT-FRAMES', 1, dx], [code === 'H52.4' ? 'OPT-LENS-BIFOCAL' : 'OPT-LENS-SINGLE', 1, dx],
      ] }];
    },
  },
  {
    name: 'wellness check-up',
    weight: 4,
    eligible: (_m, age) => age >= 25,
    bills: (r, m, age) => {
      if (r.chance(0.3)) return [{ providerTypes: ['LABORATORY'], category: C.OUTPATIENT, diagnosisCodes: ['Z13.1'], lines: [['LAB-HBA1C', 1, ['Z13.1']]] }];
      const dx = ['Z00.0'];
      const lines: Line[] = [['LAB-FBC', 1, dx], ['LAB-LIPID', 1, dx], [r.chance(0.5) ? 'LAB-HBA1C' : 'LAB-RBS', 1, dx], ['LAB-UEC', 1, dx]];
      if (m.gender === 'MALE' && age >= 45) lines.push(['LAB-PSA', 1, dx]);
      if (r.chance(0.3)) lines.push(['LAB-TSH', 1, dx]);
      return [{ providerTypes: ['LABORATORY'], category: C.OUTPATIENT, diagnosisCodes: dx, lines }];
    },
  },
  {
    name: 'urinary tract infection',
    weight: 5,
    eligible: (m, age) => age >= 15 && (m.gender === 'FEMALE' || age >= 50),
    bills: (r) => {
      const dx = [r.chance(0.7) ? 'N39.0' : 'N30.0'];
      const visit: Line[] = [['CON-GP', 1, dx], ['LAB-URINALYSIS', 1, dx]];
      if (r.chance(0.4)) visit.push(['LAB-URINE-CS', 1, dx]);
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, [[r.chance(0.6) ? 'PHA-NITROFURANTOIN' : 'PHA-CIPROFLOXACIN', 1, dx]])];
    },
  },
  {
    name: 'gastritis',
    weight: 4,
    eligible: (_m, age) => age >= 16,
    bills: (r) => {
      const dx = [r.weighted([['K29.7', 3], ['K30', 2], ['K21.9', 1]] as const)];
      const visit: Line[] = [['CON-GP', 1, dx]];
      if (r.chance(0.5)) visit.push(['LAB-HPYLORI', 1, dx]);
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, [['PHA-OMEPRAZOLE', 1, dx]])];
    },
  },
  {
    name: 'back pain',
    weight: 3,
    eligible: (_m, age) => age >= 25,
    bills: (r) => {
      const dx = [r.weighted([['M54.5', 4], ['M54.2', 2], ['M54.4', 1]] as const)];
      const visit: Line[] = [[r.chance(0.3) ? 'CON-SPEC' : 'CON-GP', 1, dx], ['THR-PHYSIO', 1, dx]];
      if (dx[0] === 'M54.4' && r.chance(0.3)) visit.push(['IMG-MRI-LSPINE', 1, dx]);
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, [['PHA-DICLOFENAC', 1, dx]])];
    },
  },
  {
    name: 'asthma',
    weight: 2,
    eligible: (m, _age, cohorts) => cohorts.asthma.has(m.id),
    bills: (r) => {
      const dx = [r.chance(0.7) ? 'J45.9' : 'J45.0'];
      const visit: Line[] = [['CON-GP-REV', 1, dx]];
      if (r.chance(0.4)) visit.push(['PROC-NEBULISATION', 1, dx]);
      const medicines: Line[] = [['PHA-SALBUTAMOL-INH', 1, dx]];
      if (r.chance(0.5)) medicines.push(['PHA-BECLOMETASONE-INH', 1, dx]);
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, medicines)];
    },
  },
  {
    name: 'vaccination',
    weight: 3,
    eligible: anyone,
    bills: (r, _m, age) => {
      if (age < 12 && r.chance(0.5)) {
        return [{ providerTypes: ['CLINIC'], category: C.OUTPATIENT, diagnosisCodes: ['Z00.1', 'Z25.1'], lines: [['CON-GP', 1, ['Z00.1']], ['VAC-INFLUENZA', 1, ['Z25.1']]] }];
      }
      const [code, dx] = r.pick([['VAC-INFLUENZA', 'Z25.1'], ['VAC-HEPATITIS-B', 'Z24.6']] as const);
      return [{ providerTypes: ['CLINIC'], category: C.OUTPATIENT, diagnosisCodes: [dx], lines: [[code, 1, [dx]]] }];
    },
  },
  {
    name: 'injury',
    weight: 4,
    eligible: anyone,
    bills: (r, _m, age) => {
      const emergency = (dx: string[], lines: Line[]): Bill => ({ providerTypes: HOSPITAL, category: C.OUTPATIENT, diagnosisCodes: dx, lines: [['CON-CASUALTY', 1, [dx[0]]], ...lines] });
      switch (r.pick(['sprain', 'fracture', 'wound', 'dog bite', 'road accident'] as const)) {
        case 'sprain':
          return [emergency(['S93.4'], [['IMG-XR-LIMB', 1, ['S93.4']], ['PROC-DRESSING', 1, ['S93.4']]]), pharmacy(r, C.OUTPATIENT, ['S93.4'], [['PHA-IBUPROFEN', 1, ['S93.4']]])];
        case 'fracture': {
          const dx = ['S52.5', 'W19'];
          return [emergency(dx, [['IMG-XR-LIMB', 2, ['S52.5']], ['PROC-POP-CAST', 1, ['S52.5']], ['CON-SPEC', 1, ['S52.5']]])];
        }
        case 'wound': {
          const dx = [age < 12 ? 'S01.0' : r.pick(['S01.0', 'T14.1'])];
          return [emergency(dx, [['PROC-SUTURING', 1, dx], ['PROC-DRESSING', 1, dx]]), pharmacy(r, C.OUTPATIENT, dx, [['PHA-CO-AMOXICLAV', 1, dx]])];
        }
        case 'dog bite': {
          const dx = ['T14.1', 'W54'];
          return [emergency(dx, [['PROC-DRESSING', 1, ['T14.1']]])];
        }
        case 'road accident': {
          const dx = ['S06.0', 'V89.2'];
          return [emergency(dx, [['EMG-AMBULANCE', 1, ['S06.0']], ['IMG-CT-HEAD', 1, ['S06.0']]])];
        }
      }
    },
  },
  {
    name: 'mental health',
    weight: 2,
    eligible: adult,
    bills: (r) => {
      const dx = [r.weighted([['F41.1', 3], ['F32.1', 3], ['F43.2', 2]] as const)];
      const visit: Bill = { providerTypes: HOSPITAL, category: C.OUTPATIENT, diagnosisCodes: dx, lines: [[r.chance(0.4) ? 'CON-PSYCHIATRY' : 'THR-COUNSELLING', 1, dx]] };
      return dx[0] !== 'F43.2' && r.chance(0.5) ? [visit, pharmacy(r, C.OUTPATIENT, dx, [['PHA-SERTRALINE', 1, dx]])] : [visit];
    },
  },
  {
    name: 'typhoid',
    weight: 2,
    eligible: (_m, age) => age >= 3,
    bills: (r, _m, age) => {
      const dx = ['A01.0'];
      return [
        { providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: [['CON-GP', 1, dx], ['LAB-TYPHOID-AG', 1, dx], ['LAB-FBC', 1, dx]] },
        pharmacy(r, C.OUTPATIENT, dx, [[age < 18 ? 'PHA-AZITHROMYCIN' : 'PHA-CIPROFLOXACIN', age < 18 ? 1 : 2, dx]]),
      ];
    },
  },
  {
    name: 'conjunctivitis',
    weight: 2,
    eligible: anyone,
    bills: (r) => {
      const dx = [r.pick(['H10.3', 'H10.0', 'B30.9'])];
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: [['CON-GP', 1, dx]] }, pharmacy(r, C.OUTPATIENT, dx, [['PHA-CHLORAMPHENICOL-EYE', 1, dx]])];
    },
  },
  {
    name: 'childhood diarrhoea',
    weight: 3,
    eligible: (_m, age) => age < 10,
    bills: (r) => {
      const dx = [r.chance(0.6) ? 'A09.9' : 'A09.0'];
      const visit: Line[] = [['CON-GP', 1, dx]];
      if (r.chance(0.5)) visit.push(['LAB-STOOL', 1, dx]);
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: visit }, pharmacy(r, C.OUTPATIENT, dx, [['PHA-ORS-ZINC', 1, dx]])];
    },
  },
  {
    name: 'skin',
    weight: 2,
    eligible: anyone,
    bills: (r) => {
      const code = r.pick(['L30.9', 'B35.4', 'L01.0', 'L50.9']);
      const dx = [code];
      const medicine = code === 'B35.4' ? 'PHA-FLUCONAZOLE' : code === 'L01.0' ? 'PHA-CO-AMOXICLAV' : 'PHA-CETIRIZINE';
      return [{ providerTypes: VISIT, category: C.OUTPATIENT, diagnosisCodes: dx, lines: [['CON-GP', 1, dx]] }, pharmacy(r, C.OUTPATIENT, dx, [[medicine, 1, dx]])];
    },
  },
];

/** Roughly Kenyan prevalence among insured adults: hypertension common after 50, diabetes less so. */
function drawCohorts(r: SeededRandom, members: DemoMember[], asOf: string): Cohorts {
  const cohorts: Cohorts = { hypertension: new Set(), diabetes: new Set(), asthma: new Set() };
  for (const m of members) {
    const age = ageOn(m.dateOfBirth, asOf);
    if (age >= 35 && r.chance(age >= 50 ? 0.35 : 0.18)) cohorts.hypertension.add(m.id);
    if (age >= 35 && r.chance(age >= 50 ? 0.15 : 0.07)) cohorts.diabetes.add(m.id);
    if (r.chance(0.06)) cohorts.asthma.add(m.id);
  }
  return cohorts;
}

const SERVICE_NAMES = new Map(MEDICAL_SERVICE_CATALOGUE.map((s) => [s.code, s.name]));

/** Short letters for a provider's own invoice numbers: "Westlands Medical Centre" → "WMC". */
function initials(name: string): string {
  return name.split(/\s+/).map((w) => w[0]).join('').toUpperCase();
}

interface Covered {
  member: DemoMember;
  from: string;
  to: string;
}

/**
 * Builds the demo claims from the plan: about 600 SUBMITTED claims of members whose policy is
 * active or suspended, each at a provider that bills such services, with fitting diagnoses and
 * realistic KES prices, submitted within the window after service. Pure and deterministic.
 */
export function buildClaimsDemo(plan: DemoPlan): DemoClaim[] {
  const r = plan.random('claims');
  const membersById = new Map(plan.members.map((m) => [m.id, m]));
  const companyCounty = new Map(plan.companies.map((c) => [c.id, c.county]));
  const covered: Covered[] = [];
  for (const policy of plan.policies.filter((p) => p.status === 'ACTIVE' || p.status === 'SUSPENDED')) {
    for (const id of policy.coveredMemberIds) {
      const member = membersById.get(id)!;
      const from = [policy.startDate, member.enrolmentDate, '2026-01-02'].sort().at(-1)!;
      if (from <= plan.asOf) covered.push({ member, from, to: plan.asOf });
    }
  }
  const cohorts = drawCohorts(r, covered.map((c) => c.member), plan.asOf);

  const drafts: Omit<DemoClaim, 'claimNumber' | 'providerReference'>[] = [];
  while (drafts.length < DEMO_CLAIM_COUNT) {
    const scenario = r.weighted(SCENARIOS.map((s) => [s, s.weight] as const));
    const candidates = covered.filter((c) => scenario.eligible(c.member, ageOn(c.member.dateOfBirth, plan.asOf), cohorts));
    if (candidates.length === 0) continue;
    const { member, from, to } = r.pick(candidates);
    const bills = scenario.bills(r, member, ageOn(member.dateOfBirth, plan.asOf));
    const longest = Math.max(0, ...bills.map((b) => (b.stayDays ?? 0) + (b.dayOffset ?? 0)));
    const lastStart = addDays(to, -longest);
    if (lastStart < from) continue;
    const day = addDays(from, r.int(0, daysBetween(from, lastStart)));
    for (const bill of bills) {
      if (drafts.length >= DEMO_CLAIM_COUNT) break;
      drafts.push(draftClaim(r, plan, bill, member, day, companyCounty.get(member.companyId)!));
    }
  }

  // Claim numbers follow submission; each provider numbers its own invoices in the order it saw patients.
  drafts.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.id < b.id ? -1 : 1));
  const claims = drafts.map((d, i) => ({ ...d, claimNumber: formatClaimNumber(d.submittedAt.toISOString().slice(0, 4), i + 1), providerReference: '' }));
  const invoiceNumbers = new Map(plan.providers.map((p) => [p.id, r.int(1000, 9000)]));
  for (const claim of [...claims].sort((a, b) => (a.serviceDate < b.serviceDate ? -1 : a.serviceDate > b.serviceDate ? 1 : 0) || (a.claimNumber < b.claimNumber ? -1 : 1))) {
    const provider = plan.providers.find((p) => p.id === claim.providerId)!;
    const next = invoiceNumbers.get(provider.id)! + r.int(1, 6);
    invoiceNumbers.set(provider.id, next);
    claim.providerReference = `${initials(provider.name)}/${claim.serviceDate.slice(0, 4)}/${String(next).padStart(6, '0')}`;
  }
  return claims;
}

function draftClaim(r: SeededRandom, plan: DemoPlan, bill: Bill, member: DemoMember, day: string, county: string) {
  const serviceDate = addDays(day, bill.dayOffset ?? 0);
  const dischargeDate = bill.stayDays ? addDays(serviceDate, bill.stayDays) : null;
  const provider = pickProvider(r, plan.providers, bill, county);
  const tariff = tariffPercent(provider);
  const lines: DemoClaimLine[] = bill.lines.map(([serviceCode, quantity, diagnosisCodes], index) => {
    const base = BASE_PRICE_KES[serviceCode];
    const step = base >= 1000 ? 50 : 10;
    const unitPriceMinor = Math.round((base * tariff) / 100 / step) * step * 100;
    return {
      id: r.uuid(),
      lineNumber: index + 1,
      serviceCode,
      description: SERVICE_NAMES.get(serviceCode)!,
      quantity,
      unitPriceMinor,
      billedAmountMinor: quantity * unitPriceMinor,
      diagnosisCodes,
    };
  });
  // Most providers bill within days; a few wait a fortnight or more, but never past the window.
  const billedFrom = dischargeDate ?? serviceDate;
  const delay = r.weighted([[0, 3], [1, 5], [2, 4], [3, 3], [5, 3], [7, 2], [10, 1], [14, 1], [21, 1]] as const);
  const submittedDay = [addDays(billedFrom, delay), plan.asOf].sort()[0];
  const hour = String(r.int(8, 19)).padStart(2, '0');
  const minute = String(r.int(0, 59)).padStart(2, '0');
  return {
    id: r.uuid(),
    memberId: member.id,
    providerId: provider.id,
    benefitCategory: bill.category,
    serviceDate,
    admissionDate: dischargeDate ? serviceDate : null,
    dischargeDate,
    diagnosisCodes: bill.diagnosisCodes,
    currency: plan.currency,
    totalBilledMinor: lines.reduce((sum, l) => sum + l.billedAmountMinor, 0),
    submittedAt: new Date(`${submittedDay}T${hour}:${minute}:00+03:00`),
    submittedBy: DEMO_ACTOR,
    lines,
  };
}

/** A provider of the right kind, usually in the member's employer's county. */
function pickProvider(r: SeededRandom, providers: DemoProvider[], bill: Bill, county: string): DemoProvider {
  const able = providers.filter((p) => bill.providerTypes.includes(p.type) && bill.lines.every(([code]) => providerOffers(p.type, code)));
  const local = able.filter((p) => p.county === county);
  return r.pick(local.length > 0 && r.chance(0.8) ? local : able);
}

/**
 * Inserts the demo claims and moves the claim number sequence past them. Runs inside the seed's
 * transaction. The claims stay SUBMITTED: adjudicating them needs the members, policies, scheme
 * versions and providers that reach claims' read models only as the other subgraphs' events
 * arrive. The `claims-adjudicate-submitted` job (adjudication/adjudication.jobs.ts) then decides
 * them, oldest first, a batch every few seconds, each as soon as its member, cover and provider
 * are known, so the demo's decisions, utilisation and EOBs fill in shortly after start-up.
 */
/** Outpatient bills from this amount (the lowest scheme threshold) are pre-authorised, as are all admissions. */
const DEMO_PREAUTH_FROM_MINOR = 10_000_00;

/**
 * Providers ask for a pre-authorisation before an admission, a delivery or a costly outpatient
 * procedure, and the scheme's officers approve it: most demo claims that need one carry one,
 * approved a day before the service for the amount the provider estimated (rounded up).
 */
export function buildDemoPreauthorisations(plan: DemoPlan, claims: DemoClaim[]): { claimId: string; preauthorisation: Partial<Preauthorisation> }[] {
  const random = plan.random('claims-preauthorisations');
  const needsOne = (c: DemoClaim) =>
    c.benefitCategory === C.INPATIENT || c.benefitCategory === C.MATERNITY || c.totalBilledMinor >= DEMO_PREAUTH_FROM_MINOR;
  // A few emergency admissions were billed before anyone asked: those claims wait for authorisation.
  return claims.filter((c) => needsOne(c) && !(c.benefitCategory === C.INPATIENT && random.chance(0.12))).map((claim, i) => {
    const planned = claim.admissionDate ?? claim.serviceDate;
    const requested = addDays(planned, -1);
    return {
      claimId: claim.id,
      preauthorisation: {
        id: random.uuid(),
        preauthNumber: `PA-${requested.slice(0, 4)}-${String(i + 1).padStart(6, '0')}`,
        memberId: claim.memberId,
        providerId: claim.providerId,
        benefitCategory: claim.benefitCategory,
        currency: claim.currency,
        estimatedMinor: claim.totalBilledMinor,
        diagnosisCodes: claim.diagnosisCodes,
        plannedDate: planned,
        notes: null,
        status: PreauthStatus.APPROVED,
        requestedAt: new Date(`${requested}T09:00:00+03:00`),
        requestedBy: 'system:demo-seed',
        decidedAt: new Date(`${requested}T11:30:00+03:00`),
        decidedBy: 'demo-claims-officer',
        approvedMinor: Math.ceil(claim.totalBilledMinor / 1_000_00) * 1_000_00,
        validFrom: requested,
        validTo: addDays(requested, 30),
        usedMinor: 0,
      },
    };
  });
}

export async function seedClaimsDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const claims = buildClaimsDemo(plan);
  const approvals = buildDemoPreauthorisations(plan, claims);
  if (approvals.length > 0) await manager.insert(Preauthorisation, approvals.map((a) => a.preauthorisation));
  const preauthOf = new Map(approvals.map((a) => [a.claimId, a.preauthorisation.id!]));
  for (let i = 0; i < claims.length; i += 200) {
    await manager.insert(
      Claim,
      claims.slice(i, i + 200).map(({ lines: _lines, ...claim }) => ({ ...claim, status: ClaimStatus.SUBMITTED, preauthorisationId: preauthOf.get(claim.id) ?? null })),
    );
  }
  await manager.query(`SELECT setval('preauthorisation_number_seq', GREATEST((SELECT last_value FROM preauthorisation_number_seq), $1))`, [Math.max(1, approvals.length)]);
  const lines = claims.flatMap((claim) => claim.lines.map((line) => ({ ...line, claimId: claim.id, currency: claim.currency })));
  for (let i = 0; i < lines.length; i += 500) {
    await manager.insert(ClaimLine, lines.slice(i, i + 500));
  }
  await manager.query(`SELECT setval('claim_number_seq', GREATEST((SELECT last_value FROM claim_number_seq), $1))`, [claims.length]);
}
