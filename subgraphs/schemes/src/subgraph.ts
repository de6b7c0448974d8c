import { systemClock } from '../../../kit/clock';
import type { Role } from '../../../kit/auth/identity';
import { nestedFields, record, recordFields, signedIn, staff, staffOrMember } from '../../../kit/auth/rules';
import { defineSubgraph } from '../../../kit/subgraph';
import { Benefit, BenefitQuantityLimit, BenefitSubLimit } from './benefit/benefit.entity';
import { BenefitResolver } from './benefit/benefit.resolver';
import { CompanyReference, CompanyReferenceResolver, companyReference } from './company.reference';
import { readSchemesConfig } from './config';
import type { SchemesContext } from './context';
import { createSchemesLoaders } from './loaders';
import { MemberReference, MemberReferenceResolver, memberReference } from './member.reference';
import { SchemesSchema1700000002000 } from './migrations/1700000002000-SchemesSchema';
import { SchemesEvents1700000002100 } from './migrations/1700000002100-SchemesEvents';
import { PolicySalesAgent1700000002200 } from './migrations/1700000002200-PolicySalesAgent';
import { CoverageResolver } from './policy/coverage.resolver';
import { PolicyEvent } from './policy/policy-event.entity';
import { PolicyMember } from './policy/policy-member.entity';
import { Policy } from './policy/policy.entity';
import { PolicyMemberResolver, PolicyResolver } from './policy/policy.resolver';
import { RatingFactor } from './rating/rating-factor.entity';
import { RatingResolver } from './rating/rating.resolver';
import { Scheme } from './scheme/scheme.entity';
import { SchemeResolver } from './scheme/scheme.resolver';
import { SchemeVersion } from './scheme/scheme-version.entity';
import { SchemeVersionResolver } from './scheme/scheme-version.resolver';
import { MemberCoverExportResolver } from './privacy/member-export.resolver';
import { createSchemesServices } from './services';
import { schemesSubscriptions } from './subscriptions';

/** Staff who read policies and cover (analysts included: policies hold no personal fields). */
const POLICY_READERS: Role[] = ['UNDERWRITER', 'ENROLMENT_OFFICER', 'CLAIMS_OFFICER', 'FINANCE_OFFICER', 'SALES_AGENT', 'SALES_MANAGER', 'ANALYST'];
const POLICY_WRITERS: Role[] = ['UNDERWRITER', 'ENROLMENT_OFFICER'];
const QUOTERS: Role[] = ['UNDERWRITER', 'SALES_AGENT', 'SALES_MANAGER'];

/** Schemes with immutable published versions, benefits, rating and quotes, and the policies sold on them. */
export const schemesSubgraph = defineSubgraph({
  name: 'schemes',
  defaultPort: 4002,
  entities: [Scheme, SchemeVersion, Benefit, BenefitSubLimit, BenefitQuantityLimit, RatingFactor, Policy, PolicyMember, PolicyEvent],
  migrations: [SchemesSchema1700000002000, SchemesEvents1700000002100, PolicySalesAgent1700000002200],
  resolvers: [
    SchemeResolver,
    SchemeVersionResolver,
    BenefitResolver,
    RatingResolver,
    PolicyResolver,
    PolicyMemberResolver,
    CoverageResolver,
    MemberReferenceResolver,
    CompanyReferenceResolver,
    MemberCoverExportResolver,
  ],
  orphanedTypes: [MemberReference, CompanyReference],
  referenceResolvers: {
    Scheme: { __resolveReference: (ref, ctx: SchemesContext) => ctx.loaders.schemeById.load(ref.id) },
    SchemeVersion: { __resolveReference: (ref, ctx: SchemesContext) => ctx.loaders.versionById.load(ref.id) },
    Benefit: { __resolveReference: (ref, ctx: SchemesContext) => ctx.loaders.benefitById.load(ref.id) },
    Policy: { __resolveReference: (ref, ctx: SchemesContext) => ctx.loaders.policyById.load(ref.id) },
    // Members and companies live in the members subgraph: the id is all this subgraph needs.
    Member: { __resolveReference: (ref) => memberReference(ref.id) },
    Company: { __resolveReference: (ref) => companyReference(ref.id) },
  },
  permissions: {
    Query: {
      // The product catalogue: what schemes and benefits exist is no one's personal data.
      scheme: signedIn,
      schemes: signedIn,
      schemeVersion: signedIn,
      policy: staffOrMember(...POLICY_READERS),
      policyByNumber: staff(...POLICY_READERS),
      policies: staff(...POLICY_READERS),
      quotePremium: staff(...QUOTERS),
    },
    Mutation: {
      createScheme: staff('UNDERWRITER'),
      activateScheme: staff('UNDERWRITER'),
      suspendScheme: staff('UNDERWRITER'),
      retireScheme: staff('UNDERWRITER'),
      createSchemeVersion: staff('UNDERWRITER'),
      updateSchemeVersion: staff('UNDERWRITER'),
      publishSchemeVersion: staff('UNDERWRITER'),
      addBenefit: staff('UNDERWRITER'),
      updateBenefit: staff('UNDERWRITER'),
      removeBenefit: staff('UNDERWRITER'),
      setRating: staff('UNDERWRITER'),
      issuePolicy: staff(...POLICY_WRITERS),
      addCoveredMember: staff(...POLICY_WRITERS),
      removeCoveredMember: staff(...POLICY_WRITERS),
      activatePolicy: staff(...POLICY_WRITERS),
      suspendPolicy: staff(...POLICY_WRITERS),
      cancelPolicy: staff(...POLICY_WRITERS),
      expirePolicy: staff(...POLICY_WRITERS),
    },
    Scheme: signedIn,
    SchemeVersion: signedIn,
    SchemeRating: signedIn,
    RatingFactor: signedIn,
    Benefit: signedIn,
    BenefitSubLimit: signedIn,
    BenefitQuantityLimit: signedIn,
    PremiumQuote: staff(...QUOTERS),
    PremiumQuotePerson: staff(...QUOTERS),
    PremiumQuoteLine: staff(...QUOTERS),
    Policy: recordFields({ staff: POLICY_READERS, memberOf: (p: Policy) => p.holderMemberId }),
    PolicyMember: recordFields({ staff: POLICY_READERS, memberOf: (m: PolicyMember) => m.memberId }),
    PolicyEvent: recordFields({ staff: POLICY_READERS, memberOf: (e: PolicyEvent) => e.memberId }),
    Coverage: recordFields({ staff: POLICY_READERS, memberOf: (c: { memberId: string }) => c.memberId }),
    CoverPeriod: nestedFields({ staff: POLICY_READERS }),
    Member: {
      ...recordFields({ staff: POLICY_READERS, memberOf: (m: { id: string }) => m.id }),
      coverDataExport: record({ staff: ['ADMIN'], memberOf: (m: { id: string }) => m.id }, 'personal'),
    },
    Company: staff(...POLICY_READERS),
  },
  createServices: (dataSource, logger) => createSchemesServices(dataSource, readSchemesConfig(), systemClock, logger),
  createLoaders: createSchemesLoaders,
  subscriptions: schemesSubscriptions,
});
