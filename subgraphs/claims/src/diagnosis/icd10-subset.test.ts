import { ICD10_CHAPTERS, ICD10_SUBSET, type Icd10Chapter } from './icd10-subset';

const category = (code: string) => code.slice(0, 3);
const codes = ICD10_SUBSET.map((e) => e.code);
const has = (pattern: RegExp) => codes.some((code) => pattern.test(code));

describe('the ICD-10 subset', () => {
  it('has a few hundred distinct, well-formed codes with titles', () => {
    expect(ICD10_SUBSET.length).toBeGreaterThanOrEqual(300);
    expect(new Set(codes).size).toBe(codes.length);
    for (const entry of ICD10_SUBSET) {
      expect(entry.code).toMatch(/^[A-Z]\d{2}(\.\d{1,2})?$/);
      expect(entry.description.trim()).toBe(entry.description);
      expect(entry.description.length).toBeGreaterThan(2);
    }
  });

  it('files each code in the chapter whose range holds it', () => {
    const misfiled = ICD10_SUBSET.filter((e) => {
      const [from, to] = ICD10_CHAPTERS[e.chapter].range.split('-');
      return category(e.code) < from || category(e.code) > to;
    });
    expect(misfiled).toEqual([]);
  });

  it('covers every chapter but the rare ones', () => {
    const used = new Set(ICD10_SUBSET.map((e) => e.chapter));
    const all = Object.keys(ICD10_CHAPTERS) as Icd10Chapter[];
    expect(all.filter((c) => !used.has(c))).toEqual([]);
  });

  it('holds the conditions a Kenyan insurer sees most', () => {
    const expected: [string, RegExp][] = [
      ['malaria', /^B5[0-4]/],
      ['typhoid', /^A01\.0$/],
      ['tuberculosis', /^A15/],
      ['HIV disease', /^B2[0-4]/],
      ['diabetes', /^E1[0-4]/],
      ['hypertension', /^I1[0-5]/],
      ['respiratory infections and asthma', /^J(0\d|1\d|2\d|3\d|4[0-7])/],
      ['dental', /^K(0\d|1[0-4])/],
      ['pregnancy and childbirth', /^O/],
      ['supervision of pregnancy and delivery', /^Z3[3-9]/],
      ['injuries', /^[ST]/],
      ['eye', /^H([0-4]\d|5[0-9])/],
      ['mental health', /^F/],
      ['symptoms', /^R/],
      ['check-ups', /^Z00/],
      ['vaccination', /^Z2[3-7]/],
    ];
    expect(expected.filter(([, pattern]) => !has(pattern)).map(([name]) => name)).toEqual([]);
  });

  it('gives each category that cannot be billed a subdivision that can', () => {
    const orphans = ICD10_SUBSET.filter((e) => !e.billable).filter(
      (e) => !ICD10_SUBSET.some((other) => other.billable && other.code.startsWith(e.code) && other.code !== e.code),
    );
    expect(ICD10_SUBSET.some((e) => !e.billable)).toBe(true);
    expect(orphans).toEqual([]);
  });

  it('keeps the WHO titles', () => {
    const title = (code: string) => ICD10_SUBSET.find((e) => e.code === code)?.description;
    expect(title('A01.0')).toBe('Typhoid fever');
    expect(title('B50.9')).toBe('Plasmodium falciparum malaria, unspecified');
    expect(title('I10')).toBe('Essential (primary) hypertension');
    expect(title('E11.9')).toBe('Type 2 diabetes mellitus without complications');
    expect(title('Z34.0')).toBe('Supervision of normal first pregnancy');
  });
});
