import { systemClock } from '../../../kit/clock';
import { rules } from '../../../kit/permissions';
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
import { createSchemesServices } from './services';
import { schemesSubscriptions } from './subscriptions';

/** Schemes with immutable published versions, benefits, rating and quotes, and the policies sold on them. */
export const schemesSubgraph = defineSubgraph({
  name: 'schemes',
  defaultPort: 4002,
  entities: [Scheme, SchemeVersion, Benefit, BenefitSubLimit, BenefitQuantityLimit, RatingFactor, Policy, PolicyMember, PolicyEvent],
  migrations: [SchemesSchema1700000002000, SchemesEvents1700000002100],
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
      scheme: rules.anyone,
      schemes: rules.anyone,
      schemeVersion: rules.anyone,
      policy: rules.anyone,
      policyByNumber: rules.anyone,
      policies: rules.anyone,
      quotePremium: rules.anyone,
    },
    Mutation: {
      createScheme: rules.anyone,
      activateScheme: rules.anyone,
      suspendScheme: rules.anyone,
      retireScheme: rules.anyone,
      createSchemeVersion: rules.anyone,
      updateSchemeVersion: rules.anyone,
      publishSchemeVersion: rules.anyone,
      addBenefit: rules.anyone,
      updateBenefit: rules.anyone,
      removeBenefit: rules.anyone,
      setRating: rules.anyone,
      issuePolicy: rules.anyone,
      addCoveredMember: rules.anyone,
      removeCoveredMember: rules.anyone,
      activatePolicy: rules.anyone,
      suspendPolicy: rules.anyone,
      cancelPolicy: rules.anyone,
      expirePolicy: rules.anyone,
    },
    Scheme: rules.anyone,
    SchemeVersion: rules.anyone,
    SchemeRating: rules.anyone,
    RatingFactor: rules.anyone,
    Benefit: rules.anyone,
    BenefitSubLimit: rules.anyone,
    BenefitQuantityLimit: rules.anyone,
    PremiumQuote: rules.anyone,
    PremiumQuotePerson: rules.anyone,
    PremiumQuoteLine: rules.anyone,
    Policy: rules.anyone,
    PolicyMember: rules.anyone,
    PolicyEvent: rules.anyone,
    Coverage: rules.anyone,
    CoverPeriod: rules.anyone,
    Member: rules.anyone,
    Company: rules.anyone,
  },
  createServices: (dataSource, logger) => createSchemesServices(dataSource, readSchemesConfig(), systemClock, logger),
  createLoaders: createSchemesLoaders,
  subscriptions: schemesSubscriptions,
});
