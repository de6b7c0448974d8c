import { ClaimsPrivacyService } from './privacy/member-export.service';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import { AdjudicationService } from './adjudication/adjudication.service';
import { ClaimService } from './claim/claim.service';
import type { ClaimsConfig } from './config';
import type { ClaimSubmissionMetering } from './metering/claim-metering';
import { DiagnosisService } from './diagnosis/diagnosis.service';
import { PreauthorisationService } from './preauthorisation/preauthorisation.service';
import { ReadModelService } from './readmodel/read-model.service';
import { MedicalServiceCatalogue } from './service-catalogue/medical-service.service';
import { UtilisationService } from './utilisation/utilisation.service';

export function createClaimsServices(
  dataSource: DataSource,
  config: ClaimsConfig,
  logger: Logger = createLogger({ service: 'claims' }),
  clock: Clock = systemClock,
  metering?: ClaimSubmissionMetering,
) {
  const diagnoses = new DiagnosisService(dataSource);
  const medicalServices = new MedicalServiceCatalogue(dataSource);
  const preauthorisations = new PreauthorisationService(dataSource, { escalateAfterMinutes: config.preauthEscalateAfterMinutes, diagnoses, clock });
  const adjudication = new AdjudicationService(dataSource, {
    adjudication: {
      duplicateWindowDays: config.duplicateWindowDays,
      reviewRiskScore: config.reviewRiskScore,
      criticalRiskScore: config.criticalRiskScore,
    },
    preauthorisations,
    medicalServices,
    logger,
    clock,
  });
  return {
    privacy: new ClaimsPrivacyService(dataSource),
    clock,
    claims: new ClaimService(dataSource, {
      submissionWindowDays: config.submissionWindowDays,
      diagnoses,
      medicalServices,
      clock,
      preauthorisationBelongsTo: (manager, id, memberId) => preauthorisations.belongsTo(manager, id, memberId),
      // A claim is decided in its submission's transaction; a failure there leaves it SUBMITTED.
      decideOnSubmit: (manager, claim, lines) => adjudication.decideSubmitted(manager, claim, lines),
      metering,
      logger,
    }),
    diagnoses,
    medicalServices,
    preauthorisations,
    adjudication,
    utilisation: new UtilisationService(dataSource),
    readModels: new ReadModelService(dataSource),
  };
}

export type ClaimsServices = ReturnType<typeof createClaimsServices>;
