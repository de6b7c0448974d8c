import { defineSubgraph } from '../../../kit/subgraph';
import { rules } from '../../../kit/permissions';
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
import { MedicalService } from './service-catalogue/medical-service.entity';
import { MedicalServiceResolver } from './service-catalogue/medical-service.resolver';
import { createClaimsServices } from './services';

/** Claims and their lines, the ICD-10 and medical service catalogues; extends `Member` with its claims. */
export const claimsSubgraph = defineSubgraph({
  name: 'claims',
  defaultPort: 4003,
  entities: [Claim, ClaimLine, DiagnosisCode, MedicalService],
  migrations: [ClaimsSchema1700000003000, DiagnosisCatalogue1700000003100, MedicalServiceCatalogue1700000003200],
  resolvers: [ClaimResolver, ClaimLineResolver, MemberClaimsResolver, DiagnosisResolver, MedicalServiceResolver],
  orphanedTypes: [MemberReference],
  referenceResolvers: {
    Claim: { __resolveReference: (ref, ctx: ClaimsContext) => ctx.loaders.claimById.load(ref.id) },
    // Claims knows nothing about a member but its id, which is all `Member.claims` needs.
    Member: { __resolveReference: (ref) => MemberReference.of(ref.id) },
  },
  permissions: {
    Query: {
      claim: rules.anyone,
      claimByNumber: rules.anyone,
      claims: rules.anyone,
      diagnosisCode: rules.anyone,
      diagnosisCodes: rules.anyone,
      medicalServices: rules.anyone,
    },
    Mutation: {
      submitClaim: rules.anyone,
    },
    Claim: rules.anyone,
    ClaimLine: rules.anyone,
    DiagnosisCode: rules.anyone,
    MedicalService: rules.anyone,
    Member: rules.anyone,
  },
  createServices: (dataSource) => createClaimsServices(dataSource, readClaimsConfig()),
  createLoaders: createClaimsLoaders,
});
