import type { DataSource } from 'typeorm';
import { ClaimService } from './claim/claim.service';
import type { ClaimsConfig } from './config';
import { DiagnosisService } from './diagnosis/diagnosis.service';
import { MedicalServiceCatalogue } from './service-catalogue/medical-service.service';

export function createClaimsServices(dataSource: DataSource, config: ClaimsConfig) {
  const diagnoses = new DiagnosisService(dataSource);
  const medicalServices = new MedicalServiceCatalogue(dataSource);
  return {
    claims: new ClaimService(dataSource, { submissionWindowDays: config.submissionWindowDays, diagnoses, medicalServices }),
    diagnoses,
    medicalServices,
  };
}

export type ClaimsServices = ReturnType<typeof createClaimsServices>;
