import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MEDICAL_SERVICE_CATALOGUE } from '../service-catalogue/medical-service-catalogue';

/** Loads the medical service catalogue (see service-catalogue/medical-service-catalogue.ts). */
export class MedicalServiceCatalogue1700000003200 implements MigrationInterface {
  name = 'MedicalServiceCatalogue1700000003200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO medical_services (code, name, category, unit)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [
        MEDICAL_SERVICE_CATALOGUE.map((s) => s.code),
        MEDICAL_SERVICE_CATALOGUE.map((s) => s.name),
        MEDICAL_SERVICE_CATALOGUE.map((s) => s.category),
        MEDICAL_SERVICE_CATALOGUE.map((s) => s.unit),
      ],
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DELETE FROM medical_services WHERE code = ANY($1)', [MEDICAL_SERVICE_CATALOGUE.map((s) => s.code)]);
  }
}
