import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ICD10_CHAPTERS, ICD10_SUBSET } from '../diagnosis/icd10-subset';

/** Loads the ICD-10 subset (see diagnosis/icd10-subset.ts) into `diagnosis_codes`. */
export class DiagnosisCatalogue1700000003100 implements MigrationInterface {
  name = 'DiagnosisCatalogue1700000003100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO diagnosis_codes (code, description, chapter, chapter_title, billable)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])`,
      [
        ICD10_SUBSET.map((e) => e.code),
        ICD10_SUBSET.map((e) => e.description),
        ICD10_SUBSET.map((e) => e.chapter),
        ICD10_SUBSET.map((e) => ICD10_CHAPTERS[e.chapter].title),
        ICD10_SUBSET.map((e) => e.billable),
      ],
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DELETE FROM diagnosis_codes WHERE code = ANY($1)', [ICD10_SUBSET.map((e) => e.code)]);
  }
}
