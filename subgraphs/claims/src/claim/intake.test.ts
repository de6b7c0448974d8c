import { addDays } from '../../../../kit/dates';
import type { Violation } from '../../../../kit/errors';
import { ICD10_SUBSET } from '../diagnosis/icd10-subset';
import { ClaimBenefitCategory } from '../service-catalogue/benefit-category';
import { MEDICAL_SERVICE_CATALOGUE } from '../service-catalogue/medical-service-catalogue';
import { checkClaimIntake, codesNamedBy, normaliseDiagnosisCode, type IntakeClaim, type IntakeFacts } from './intake';

const TODAY = '2026-06-15';
const MEMBER = '7d0f3c1e-2b4a-4c5d-8e6f-0a1b2c3d4e5f';
const PROVIDER = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

const facts = (overrides: Partial<IntakeFacts> = {}): IntakeFacts => ({
  today: TODAY,
  submissionWindowDays: 30,
  diagnoses: new Map(ICD10_SUBSET.map((d) => [d.code, d])),
  services: new Map(MEDICAL_SERVICE_CATALOGUE.map((s) => [s.code, { name: s.name, active: true }])),
  duplicateOf: null,
  ...overrides,
});

/** A malaria visit: consultation, blood slide, antimalarials. */
const claim = (overrides: Partial<IntakeClaim> = {}): IntakeClaim => ({
  memberId: MEMBER,
  providerId: PROVIDER,
  providerReference: 'WMC/2026/004512',
  benefitCategory: ClaimBenefitCategory.OUTPATIENT,
  serviceDate: '2026-06-12',
  diagnosisCodes: ['B50.9'],
  currency: 'KES',
  lines: [
    { serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount: '2500.00', currency: 'KES' }, diagnosisCodes: ['B50.9'] },
    { serviceCode: 'LAB-BS-MPS', quantity: 1, unitPrice: { amount: '500', currency: 'KES' }, diagnosisCodes: ['B50.9'] },
    { serviceCode: 'PHA-AL', quantity: 2, unitPrice: { amount: '425.50', currency: 'KES' }, diagnosisCodes: [] },
  ],
  ...overrides,
});

function violationsOf(input: IntakeClaim, f: IntakeFacts = facts()): Violation[] {
  const result = checkClaimIntake(input, f);
  return result.accepted ? [] : result.violations;
}

function rulesOf(input: IntakeClaim, f?: IntakeFacts): [string, string][] {
  return violationsOf(input, f).map((v) => [v.field, v.rule]);
}

describe('a valid claim', () => {
  it('is accepted, normalised, with exact amounts in minor units', () => {
    const result = checkClaimIntake(claim({ diagnosisCodes: [' b509 ', 'R50.9'], providerReference: '  WMC/2026/004512 ' }), facts());
    if (!result.accepted) throw new Error(JSON.stringify(result.violations));
    expect(result.claim).toMatchObject({
      memberId: MEMBER,
      providerReference: 'WMC/2026/004512',
      diagnosisCodes: ['B50.9', 'R50.9'],
      totalBilledMinor: 2500_00 + 500_00 + 851_00,
      admissionDate: null,
    });
    expect(result.claim.lines.map((l) => [l.lineNumber, l.billedAmountMinor, l.description])).toEqual([
      [1, 2500_00, 'General practitioner consultation'],
      [2, 500_00, 'Malaria blood slide (BS for malaria parasites)'],
      [3, 851_00, 'Artemether/lumefantrine 20/120 mg tablets, pack of 24'],
    ]);
  });

  it('multiplies without float drift (3 × 0.10 is 0.30, 7 × 333.33 is 2333.31)', () => {
    const result = checkClaimIntake(
      claim({
        lines: [
          { serviceCode: 'PHA-PARACETAMOL', quantity: 3, unitPrice: { amount: '0.10' }, billedAmount: { amount: '0.30' }, diagnosisCodes: [] },
          { serviceCode: 'PHA-IBUPROFEN', quantity: 7, unitPrice: { amount: '333.33' }, billedAmount: { amount: '2333.31' }, diagnosisCodes: [] },
        ],
        totalBilled: { amount: '2333.61', currency: 'KES' },
      }),
      facts(),
    );
    expect(result.accepted && result.claim.totalBilledMinor).toBe(2333_61);
  });

  it('lists the diagnosis and service codes the caller must look up', () => {
    expect(codesNamedBy(claim({ diagnosisCodes: ['b509', 'nonsense'] }))).toEqual({
      diagnosisCodes: ['B50.9'],
      serviceCodes: ['CON-GP', 'LAB-BS-MPS', 'PHA-AL'],
    });
  });
});

describe('required fields', () => {
  it('reports every missing field at once', () => {
    expect(
      rulesOf({ memberId: '', providerId: null, providerReference: '   ', benefitCategory: null, serviceDate: '', diagnosisCodes: [], currency: 'KES', lines: [] }),
    ).toEqual(
      expect.arrayContaining([
        ['memberId', 'REQUIRED'],
        ['providerId', 'REQUIRED'],
        ['providerReference', 'REQUIRED'],
        ['benefitCategory', 'REQUIRED'],
        ['serviceDate', 'REQUIRED'],
        ['diagnosisCodes', 'REQUIRED'],
        ['lines', 'AT_LEAST_ONE_LINE'],
      ]),
    );
  });

  it('refuses ids that are not ids and a reference longer than 64 characters', () => {
    expect(rulesOf(claim({ memberId: 'MCS100001-00', providerReference: 'X'.repeat(65) }))).toEqual([
      ['memberId', 'VALID_ID'],
      ['providerReference', 'MAX_LENGTH'],
    ]);
  });

  it('needs a service code on each line', () => {
    expect(rulesOf(claim({ lines: [{ serviceCode: ' ', quantity: 1, unitPrice: { amount: '100' }, diagnosisCodes: [] }] }))).toEqual([
      ['lines[0].serviceCode', 'REQUIRED'],
    ]);
  });
});

describe('service date', () => {
  it('accepts service today and refuses service tomorrow', () => {
    expect(rulesOf(claim({ serviceDate: TODAY }))).toEqual([]);
    expect(rulesOf(claim({ serviceDate: addDays(TODAY, 1) }))).toEqual([['serviceDate', 'NOT_IN_FUTURE']]);
  });

  it('accepts service on the last day of the submission window and refuses it one day earlier', () => {
    expect(rulesOf(claim({ serviceDate: addDays(TODAY, -30) }))).toEqual([]);
    const late = violationsOf(claim({ serviceDate: addDays(TODAY, -31) }));
    expect(late).toEqual([expect.objectContaining({ field: 'serviceDate', rule: 'SUBMISSION_WINDOW' })]);
    expect(late[0].message).toMatch(/31 days ago; claims must be submitted within 30 days/);
  });

  it('follows the configured window', () => {
    expect(rulesOf(claim({ serviceDate: addDays(TODAY, -7) }), facts({ submissionWindowDays: 7 }))).toEqual([]);
    expect(rulesOf(claim({ serviceDate: addDays(TODAY, -8) }), facts({ submissionWindowDays: 7 }))).toEqual([['serviceDate', 'SUBMISSION_WINDOW']]);
  });

  it('refuses a date that does not exist', () => {
    expect(rulesOf(claim({ serviceDate: '2026-02-30' }))).toEqual([['serviceDate', 'VALID_DATE']]);
  });
});

describe('admission and discharge', () => {
  const stay = (admissionDate: string | null, dischargeDate: string | null, serviceDate = admissionDate ?? '2026-06-10') =>
    claim({
      benefitCategory: ClaimBenefitCategory.INPATIENT,
      serviceDate,
      admissionDate,
      dischargeDate,
      lines: [{ serviceCode: 'IP-BED-GENERAL', quantity: 3, unitPrice: { amount: '8000' }, diagnosisCodes: ['B50.9'] }],
    });

  it('needs both dates on an inpatient claim', () => {
    expect(rulesOf(stay(null, null))).toEqual([
      ['admissionDate', 'REQUIRED_FOR_INPATIENT'],
      ['dischargeDate', 'REQUIRED_FOR_INPATIENT'],
    ]);
  });

  it('accepts discharge on the admission day and refuses discharge before admission', () => {
    expect(rulesOf(stay('2026-06-10', '2026-06-10'))).toEqual([]);
    expect(rulesOf(stay('2026-06-10', '2026-06-09'))).toEqual([['dischargeDate', 'DISCHARGE_AFTER_ADMISSION']]);
  });

  it('needs the service date within the stay', () => {
    expect(rulesOf(stay('2026-06-10', '2026-06-12', '2026-06-13'))).toEqual([['serviceDate', 'WITHIN_ADMISSION']]);
  });

  it('runs the submission window from discharge, so a long stay can still be claimed', () => {
    expect(rulesOf(stay(addDays(TODAY, -45), addDays(TODAY, -30)))).toEqual([]);
    expect(rulesOf(stay(addDays(TODAY, -45), addDays(TODAY, -31)))).toEqual([['dischargeDate', 'SUBMISSION_WINDOW']]);
  });

  it('refuses a discharge in the future', () => {
    expect(rulesOf(stay(TODAY, addDays(TODAY, 2)))).toEqual([['dischargeDate', 'NOT_IN_FUTURE']]);
  });

  it('takes both dates or neither on other claims', () => {
    expect(rulesOf(claim({ benefitCategory: ClaimBenefitCategory.MATERNITY, admissionDate: '2026-06-10', serviceDate: '2026-06-10' }))).toEqual([
      ['dischargeDate', 'ADMISSION_AND_DISCHARGE'],
    ]);
  });
});

describe('ICD-10 codes', () => {
  it('names the exact line and code that is not ICD-10', () => {
    const lines = [...claim().lines!];
    lines[1] = { ...lines[1], diagnosisCodes: ['MALARIA'] };
    const [violation] = violationsOf(claim({ lines }));
    expect(violation).toMatchObject({ field: 'lines[1].diagnosisCodes[0]', rule: 'INVALID_ICD10' });
  });

  it('refuses a well-formed code that is not in the catalogue', () => {
    expect(rulesOf(claim({ diagnosisCodes: ['B50.9', 'Q99.99'] }))).toEqual([['diagnosisCodes[1]', 'INVALID_ICD10']]);
  });

  it('refuses a category that ICD-10 subdivides, pointing at a subdivision', () => {
    const [violation] = violationsOf(claim({ diagnosisCodes: ['B50'], lines: [{ serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount: '2500' }, diagnosisCodes: [] }] }));
    expect(violation).toMatchObject({ field: 'diagnosisCodes[0]', rule: 'NON_BILLABLE_ICD10' });
    expect(violation.message).toMatch(/B50\.9/);
  });

  it('needs a line\'s codes to be on the claim', () => {
    const lines = [...claim().lines!];
    lines[0] = { ...lines[0], diagnosisCodes: ['B50.9', 'I10'] };
    expect(rulesOf(claim({ lines }))).toEqual([['lines[0].diagnosisCodes[1]', 'DIAGNOSIS_ON_CLAIM']]);
  });

  it('normalises the ways people write codes', () => {
    expect(normaliseDiagnosisCode(' b509 ')).toBe('B50.9');
    expect(normaliseDiagnosisCode('B1819')).toBe('B18.19');
    expect(normaliseDiagnosisCode('I10')).toBe('I10');
    expect(normaliseDiagnosisCode('B50.')).toBeNull();
    expect(normaliseDiagnosisCode('malaria')).toBeNull();
  });
});

describe('services and amounts', () => {
  const oneLine = (line: Record<string, unknown>) =>
    claim({ lines: [{ serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount: '2500' }, diagnosisCodes: [], ...line }] });

  it('refuses a service code that is not in the catalogue, or retired', () => {
    expect(rulesOf(oneLine({ serviceCode: 'CON-WITCHDOCTOR' }))).toEqual([['lines[0].serviceCode', 'UNKNOWN_SERVICE_CODE']]);
    const retired = facts({ services: new Map([['CON-GP', { name: 'GP consultation', active: false }]]) });
    expect(rulesOf(oneLine({}), retired)).toEqual([['lines[0].serviceCode', 'INACTIVE_SERVICE_CODE']]);
  });

  it('needs a quantity of at least one', () => {
    expect(rulesOf(oneLine({ quantity: 0 }))).toEqual([['lines[0].quantity', 'MIN_QUANTITY']]);
    expect(rulesOf(oneLine({ quantity: 1.5 }))).toEqual([['lines[0].quantity', 'MIN_QUANTITY']]);
  });

  it('needs a unit price above zero, with no more decimals than the currency has', () => {
    expect(rulesOf(oneLine({ unitPrice: { amount: '0.00' } }))).toEqual([['lines[0].unitPrice', 'POSITIVE_AMOUNT']]);
    expect(rulesOf(oneLine({ unitPrice: { amount: '-100' } }))).toEqual([['lines[0].unitPrice', 'POSITIVE_AMOUNT']]);
    expect(rulesOf(oneLine({ unitPrice: { amount: '2500.005' } }))).toEqual([['lines[0].unitPrice', 'EXACT_AMOUNT']]);
    expect(rulesOf(oneLine({ unitPrice: { amount: '1e3' } }))).toEqual([['lines[0].unitPrice', 'EXACT_AMOUNT']]);
  });

  it('needs every amount in the claim\'s currency', () => {
    expect(rulesOf(oneLine({ unitPrice: { amount: '25', currency: 'USD' } }))).toEqual([['lines[0].unitPrice', 'SAME_CURRENCY']]);
    expect(rulesOf(claim({ currency: 'shillings' }))).toEqual([['currency', 'VALID_CURRENCY']]);
  });

  it('checks the provider\'s own line and claim totals to the cent', () => {
    expect(rulesOf(oneLine({ quantity: 2, billedAmount: { amount: '5000.01' } }))).toEqual([['lines[0].billedAmount', 'BILLED_AMOUNT_MATCHES']]);
    expect(rulesOf(oneLine({ quantity: 2, billedAmount: { amount: '5000' } }))).toEqual([]);
    expect(rulesOf(claim({ totalBilled: { amount: '3851.00' } }))).toEqual([]);
    expect(rulesOf(claim({ totalBilled: { amount: '3850.99' } }))).toEqual([['totalBilled', 'TOTAL_MATCHES_LINES']]);
  });

  it('refuses a line total too large to count exactly', () => {
    expect(rulesOf(oneLine({ quantity: 2_000_000_000, unitPrice: { amount: '999999999999.99' } }))).toEqual([['lines[0].quantity', 'AMOUNT_TOO_LARGE']]);
  });
});

describe('unique claim reference', () => {
  it('refuses a reference the provider has already used, naming the earlier claim', () => {
    const [violation] = violationsOf(claim(), facts({ duplicateOf: 'CLM-2026-000042' }));
    expect(violation).toMatchObject({ field: 'providerReference', rule: 'UNIQUE_CLAIM_REFERENCE' });
    expect(violation.message).toMatch(/CLM-2026-000042/);
  });
});
