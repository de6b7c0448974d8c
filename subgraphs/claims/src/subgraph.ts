import { defineSubgraph } from '../../../kit/subgraph';
import type { Role } from '../../../kit/auth/identity';
import { forMember, nestedFields, record, recordFields, signedIn, staff, staffOrMember } from '../../../kit/auth/rules';
import { adjudicateSubmittedJob } from './adjudication/adjudication.jobs';
import { ClaimAdjudication, ClaimLineAdjudication } from './adjudication/adjudication.entity';
import { AdjudicationResolver, ClaimLineAdjudicationResolver } from './adjudication/adjudication.resolver';
import { settlementSubscriptions } from './adjudication/claim.events';
import { ClaimLine } from './claim/claim-line.entity';
import { ClaimLineResolver } from './claim/claim-line.resolver';
import { Claim } from './claim/claim.entity';
import { ClaimResolver } from './claim/claim.resolver';
import { MemberClaimsResolver } from './claim/member-claims.resolver';
import { readClaimsConfig } from './config';
import type { ClaimsContext } from './context';
import { DiagnosisCode } from './diagnosis/diagnosis-code.entity';
import { DiagnosisResolver } from './diagnosis/diagnosis.resolver';
import { createClaimsLoaders } from './loaders';
import { MemberReference } from './member.reference';
import { ClaimsSchema1700000003000 } from './migrations/1700000003000-ClaimsSchema';
import { DiagnosisCatalogue1700000003100 } from './migrations/1700000003100-DiagnosisCatalogue';
import { MedicalServiceCatalogue1700000003200 } from './migrations/1700000003200-MedicalServiceCatalogue';
import { ReadModels1700000003300 } from './migrations/1700000003300-ReadModels';
import { UtilisationLedger1700000003400 } from './migrations/1700000003400-UtilisationLedger';
import { Preauthorisations1700000003500 } from './migrations/1700000003500-Preauthorisations';
import { Adjudication1700000003600 } from './migrations/1700000003600-Adjudication';
import { AdjudicationIndexes1700000003700 } from './migrations/1700000003700-AdjudicationIndexes';
import { UtilisationMoves1700000003800 } from './migrations/1700000003800-UtilisationMoves';
import { ProviderActivity1700000003900 } from './migrations/1700000003900-ProviderActivity';
import { DeferredDecisionReference1700000004000 } from './migrations/1700000004000-DeferredDecisionReference';
import { RowsUpdatedInPlace1700000004100 } from './migrations/1700000004100-RowsUpdatedInPlace';
import { ClaimMetering1700000004200 } from './migrations/1700000004200-ClaimMetering';
import { createClaimMetering } from './metering/claim-metering';
import { readClaimsMeteringConfig } from './metering/metering.config';
import { systemClock } from '../../../kit/clock';
import { preauthorisationEscalationJob } from './preauthorisation/preauthorisation.jobs';
import { Preauthorisation } from './preauthorisation/preauthorisation.entity';
import { PreauthorisationResolver } from './preauthorisation/preauthorisation.resolver';
import { ProviderReference } from './provider.reference';
import { readModelSubscriptions } from './readmodel/read-model.handlers';
import { ReadModelResolver } from './readmodel/read-model.resolver';
import { MedicalService } from './service-catalogue/medical-service.entity';
import { MedicalServiceResolver } from './service-catalogue/medical-service.resolver';
import { eraseMemberFromClaims } from './privacy/member-erased.subscription';
import { MemberClaimsExportResolver } from './privacy/member-export.resolver';
import { createClaimsServices } from './services';
import { MemberBalancesResolver, UtilisationResolver } from './utilisation/utilisation.resolver';

/** Staff who read claims; analysts see no diagnoses without a grant. */
const CLAIM_READERS: Role[] = ['CLAIMS_OFFICER', 'UNDERWRITER', 'FINANCE_OFFICER', 'ANALYST'];

/**
 * Claims and their lines, the ICD-10 and medical service catalogues, pre-authorisations,
 * adjudication with its utilisation ledger and EOBs; extends `Member` with claims and benefit
 * balances. Keeps read models of members, policies, schemes and providers from their events.
 */
export const claimsSubgraph = defineSubgraph({
  name: 'claims',
  defaultPort: 4003,
  entities: [Claim, ClaimLine, DiagnosisCode, MedicalService, Preauthorisation, ClaimAdjudication, ClaimLineAdjudication],
  migrations: [
    ClaimsSchema1700000003000,
    DiagnosisCatalogue1700000003100,
    MedicalServiceCatalogue1700000003200,
    ReadModels1700000003300,
    UtilisationLedger1700000003400,
    Preauthorisations1700000003500,
    Adjudication1700000003600,
    AdjudicationIndexes1700000003700,
    UtilisationMoves1700000003800,
    ProviderActivity1700000003900,
    DeferredDecisionReference1700000004000,
    RowsUpdatedInPlace1700000004100,
    ClaimMetering1700000004200,
  ],
  resolvers: [
    ClaimResolver,
    ClaimLineResolver,
    MemberClaimsResolver,
    DiagnosisResolver,
    MedicalServiceResolver,
    AdjudicationResolver,
    ClaimLineAdjudicationResolver,
    PreauthorisationResolver,
    UtilisationResolver,
    MemberBalancesResolver,
    ReadModelResolver,
    MemberClaimsExportResolver,
  ],
  orphanedTypes: [MemberReference, ProviderReference],
  referenceResolvers: {
    Claim: { __resolveReference: (ref, ctx: ClaimsContext) => ctx.loaders.claimById.load(ref.id) },
    // Claims knows nothing about a member but its id, which is all `Member.claims` needs.
    Member: { __resolveReference: (ref) => MemberReference.of(ref.id) },
  },
  permissions: {
    Query: {
      claim: staffOrMember(...CLAIM_READERS),
      claimByNumber: staff(...CLAIM_READERS),
      claims: staff(...CLAIM_READERS),
      claimsForReview: staff('CLAIMS_OFFICER'),
      // Reference catalogues: codes and services are no one's personal data.
      diagnosisCode: signedIn,
      diagnosisCodes: signedIn,
      medicalServices: signedIn,
      preauthorisation: staffOrMember(...CLAIM_READERS),
      preauthorisations: staff(...CLAIM_READERS),
      benefitUtilisation: forMember({ staff: CLAIM_READERS, memberArg: 'memberId' }),
    },
    Mutation: {
      submitClaim: staff('CLAIMS_OFFICER'),
      adjudicateClaim: staff('CLAIMS_OFFICER'),
      reviewClaim: staff('CLAIMS_OFFICER'),
      reverseClaim: staff('CLAIMS_OFFICER'),
      requestPreauthorisation: staff('CLAIMS_OFFICER'),
      approvePreauthorisation: staff('CLAIMS_OFFICER'),
      denyPreauthorisation: staff('CLAIMS_OFFICER'),
      rebuildReadModels: staff(),
    },
    Claim: recordFields({ staff: CLAIM_READERS, memberOf: (c: Claim) => c.memberId }, { health: ['diagnosisCodes', 'diagnoses'] }),
    ClaimLine: nestedFields({ staff: CLAIM_READERS }, { health: ['diagnosisCodes'] }),
    ClaimAdjudicationAmounts: nestedFields({ staff: CLAIM_READERS }),
    ClaimAdjudicationReason: nestedFields({ staff: CLAIM_READERS }),
    ClaimAdjudicationStepRecord: nestedFields({ staff: CLAIM_READERS }),
    // How a claim was scored for fraud is for claims staff, not for the member.
    ClaimRisk: staff('CLAIMS_OFFICER', 'ANALYST'),
    ClaimRiskSignal: staff('CLAIMS_OFFICER', 'ANALYST'),
    ClaimLineAdjudicationResult: nestedFields({ staff: CLAIM_READERS }),
    ClaimReview: nestedFields({ staff: CLAIM_READERS }),
    ClaimReversal: nestedFields({ staff: CLAIM_READERS }),
    ClaimExplanationOfBenefits: nestedFields({ staff: CLAIM_READERS }),
    ClaimEobLine: nestedFields({ staff: CLAIM_READERS }),
    ClaimEobTotals: nestedFields({ staff: CLAIM_READERS }),
    ClaimsReadModelRebuild: staff(),
    Preauthorisation: recordFields({ staff: CLAIM_READERS, memberOf: (p: Preauthorisation) => p.memberId }, { health: ['diagnosisCodes'] }),
    BenefitUtilisation: nestedFields({ staff: CLAIM_READERS }),
    DiagnosisCode: signedIn,
    MedicalService: signedIn,
    Member: {
      ...recordFields({ staff: CLAIM_READERS, memberOf: (m: { id: string }) => m.id }),
      claimsDataExport: record({ staff: ['ADMIN'], memberOf: (m: { id: string }) => m.id }, 'personal'),
    },
    Provider: signedIn,
  },
  createServices: (dataSource, logger) =>
    createClaimsServices(dataSource, readClaimsConfig(), logger, systemClock, createClaimMetering(readClaimsMeteringConfig(), logger)),
  createLoaders: createClaimsLoaders,
  subscriptions: [...readModelSubscriptions, ...settlementSubscriptions, eraseMemberFromClaims],
  jobs: [adjudicateSubmittedJob, preauthorisationEscalationJob],
});
