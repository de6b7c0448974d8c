import type { AnyRuntime } from '../../../../kit/subgraph';
import { executeOk, startTestSubgraph } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import { CLAIM_BENEFIT_CATEGORIES } from './benefit-category';
import { MEDICAL_SERVICE_CATALOGUE } from './medical-service-catalogue';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

describe('the medical service catalogue', () => {
  it('has distinct codes in the catalogue\'s pattern, and services for every benefit category', () => {
    const codes = MEDICAL_SERVICE_CATALOGUE.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.filter((c) => !/^[A-Z]{2,4}-[A-Z0-9-]+$/.test(c))).toEqual([]);
    const used = new Set(MEDICAL_SERVICE_CATALOGUE.map((s) => s.category));
    expect(CLAIM_BENEFIT_CATEGORIES.filter((c) => !used.has(c))).toEqual([]);
  });

  it('lists every service, or those of one category', async () => {
    const all = await executeOk(runtime, `{ medicalServices { code } }`);
    expect(all.medicalServices).toHaveLength(MEDICAL_SERVICE_CATALOGUE.length);

    const dental = await executeOk(runtime, `{ medicalServices(category: DENTAL) { code name category unit } }`);
    expect(dental.medicalServices.every((s: { category: string }) => s.category === 'DENTAL')).toBe(true);
    expect(dental.medicalServices).toContainEqual({ code: 'DEN-EXTRACTION', name: 'Simple tooth extraction', category: 'DENTAL', unit: 'PER_TOOTH' });
    expect(dental.medicalServices.map((s: { code: string }) => s.code)).toEqual(
      MEDICAL_SERVICE_CATALOGUE.filter((s) => s.category === 'DENTAL').map((s) => s.code).sort(),
    );
  });
});
