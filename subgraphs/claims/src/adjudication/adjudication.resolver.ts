import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { JSONResolver } from 'graphql-scalars';
import { Money } from '../../../../kit/money';
import { PageArgs, type Page } from '../../../../kit/pagination';
import { ClaimLine } from '../claim/claim-line.entity';
import { Claim } from '../claim/claim.entity';
import { ClaimConnection } from '../claim/claim.resolver';
import type { ClaimsContext } from '../context';
import { Preauthorisation } from '../preauthorisation/preauthorisation.entity';
import type { ClaimAdjudication } from './adjudication.entity';
import { ReverseClaimArgs, ReviewClaimArgs } from './adjudication.input';
import {
  ClaimAdjudicationAmounts,
  ClaimAdjudicationReason,
  ClaimAdjudicationStepRecord,
  ClaimExplanationOfBenefits,
  ClaimLineAdjudicationResult,
  ClaimLineOutcome,
  ClaimReversal,
  ClaimReview,
  ClaimRisk,
} from './adjudication.types';
import { explanationFor, fhirClaimResponseFor, type ExplanationSources } from './explanation';

@Resolver(() => Claim)
export class AdjudicationResolver {
  @Mutation(() => Claim, {
    description: 'Adjudicates a SUBMITTED claim now, with whatever the read models hold. A claim already decided is returned unchanged.',
  })
  adjudicateClaim(@Arg('claimId', () => ID) claimId: string, @Ctx() ctx: ClaimsContext): Promise<Claim> {
    return ctx.services.adjudication.adjudicate(claimId, ctx.actor.id);
  }

  @Mutation(() => Claim, { description: 'A claims officer decides a PENDED claim: approve, adjust the amounts, or deny, with the reason.' })
  reviewClaim(@Args() { claimId, action, reason, adjustedLines }: ReviewClaimArgs, @Ctx() ctx: ClaimsContext): Promise<Claim> {
    return ctx.services.adjudication.review(claimId, action, reason, adjustedLines, ctx.actor.id);
  }

  @Mutation(() => Claim, { description: 'Reverses an APPROVED or PARTIALLY_APPROVED claim: its benefit utilisation is given back.' })
  reverseClaim(@Args() { claimId, reason }: ReverseClaimArgs, @Ctx() ctx: ClaimsContext): Promise<Claim> {
    return ctx.services.adjudication.reverse(claimId, reason, ctx.actor.id);
  }

  @Query(() => ClaimConnection, { description: 'PENDED claims waiting for an officer, oldest first.' })
  claimsForReview(@Args() page: PageArgs, @Ctx() ctx: ClaimsContext): Promise<Page<Claim>> {
    return ctx.services.adjudication.claimsForReview(page);
  }

  private decision(claim: Claim, ctx: ClaimsContext): Promise<ClaimAdjudication | null> {
    return claim.adjudicationId ? ctx.loaders.adjudicationById.load(claim.adjudicationId) : Promise.resolve(null);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'What the scheme pays (provisional while PENDED); null until adjudicated.' })
  payable(@Root() claim: Claim): Money | null {
    return claim.payableMinor === null ? null : Money.of(claim.payableMinor, claim.currency);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'What the member owes the provider: cost share plus what limits cut.' })
  memberResponsibility(@Root() claim: Claim): Money | null {
    return claim.memberResponsibilityMinor === null ? null : Money.of(claim.memberResponsibilityMinor, claim.currency);
  }

  @FieldResolver(() => ClaimAdjudicationAmounts, { nullable: true, description: 'The standing decision\'s amounts; null until adjudicated.' })
  async amounts(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<ClaimAdjudicationAmounts | null> {
    const a = await this.decision(claim, ctx);
    if (!a) return null;
    const money = (minor: number) => Money.of(minor, a.currency);
    return Object.assign(new ClaimAdjudicationAmounts(), {
      submitted: money(a.submittedMinor),
      eligible: money(a.eligibleMinor),
      disallowed: money(a.disallowedMinor),
      deductible: money(a.deductibleMinor),
      copay: money(a.copayMinor),
      coinsurance: money(a.coinsuranceMinor),
      payable: money(a.payableMinor),
      exceeded: money(a.exceededMinor),
      memberResponsibility: money(a.memberResponsibilityMinor),
    });
  }

  @FieldResolver(() => [ClaimAdjudicationReason], { description: 'Claim-level reasons of the standing decision (duplicate, provider, member, authorisation, risk, review).' })
  async reasons(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<ClaimAdjudicationReason[]> {
    return (await this.decision(claim, ctx))?.reasons ?? [];
  }

  @FieldResolver(() => ClaimRisk, { nullable: true, description: 'The risk score and the rules behind it; null until adjudicated.' })
  async risk(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<ClaimRisk | null> {
    const a = await this.decision(claim, ctx);
    return a ? { score: a.riskScore, level: a.riskLevel, signals: a.riskSignals } : null;
  }

  @FieldResolver(() => [ClaimAdjudicationStepRecord], { description: 'Every adjudication step of the standing decision, in order, with what it concluded.' })
  async adjudicationSteps(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<ClaimAdjudicationStepRecord[]> {
    return (await this.decision(claim, ctx))?.steps ?? [];
  }

  @FieldResolver(() => ClaimReview, { nullable: true, description: 'The officer\'s review, when the standing decision is one.' })
  async review(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<ClaimReview | null> {
    const a = await this.decision(claim, ctx);
    if (!a || a.kind !== 'REVIEW') return null;
    return { action: a.reviewAction!, reason: a.reviewReason ?? '', reviewedBy: a.decidedBy, reviewedAt: a.decidedAt };
  }

  @FieldResolver(() => ClaimReversal, { nullable: true, description: 'The last reversal of the claim, if any.' })
  reversal(@Root() claim: Claim): ClaimReversal | null {
    if (!claim.reversedAt) return null;
    return { reversedAt: claim.reversedAt, reversedBy: claim.reversedBy ?? '', reason: claim.reversalReason ?? '' };
  }

  @FieldResolver(() => Claim, { nullable: true, description: 'The earlier claim this one duplicates, when it was denied as a duplicate.' })
  async duplicateOf(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<Claim | null> {
    const original = (await this.decision(claim, ctx))?.duplicateOfClaimId;
    return original ? ctx.loaders.claimById.load(original) : null;
  }

  @FieldResolver(() => Preauthorisation, { nullable: true })
  preauthorisation(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<Preauthorisation | null> {
    return claim.preauthorisationId ? ctx.loaders.preauthorisationById.load(claim.preauthorisationId) : Promise.resolve(null);
  }

  private async explanationSources(claim: Claim, ctx: ClaimsContext): Promise<ExplanationSources | null> {
    const adjudication = await this.decision(claim, ctx);
    if (!adjudication) return null;
    const [lines, memberNumber, providerName] = await Promise.all([
      ctx.loaders.currentLineResultsByClaimId.load(claim.id),
      ctx.loaders.memberNumberById.load(claim.memberId),
      ctx.loaders.providerNameById.load(claim.providerId),
    ]);
    const codes = adjudication.facts.claim.lines.map((l) => l.serviceCode);
    const services = await ctx.loaders.serviceByCode.loadMany(codes);
    const serviceNames: Record<string, string> = {};
    codes.forEach((code, i) => {
      const found = services[i];
      if (found && !(found instanceof Error)) serviceNames[code] = found.name;
    });
    return { claim, adjudication, lines, memberNumber, providerName, serviceNames };
  }

  @FieldResolver(() => ClaimExplanationOfBenefits, { nullable: true, description: 'What was decided and why, line by line, in sentences; null until adjudicated.' })
  async explanationOfBenefits(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<ClaimExplanationOfBenefits | null> {
    const sources = await this.explanationSources(claim, ctx);
    return sources ? explanationFor(sources) : null;
  }

  @FieldResolver(() => JSONResolver, { nullable: true, description: 'The decision as a FHIR R4 ClaimResponse resource; null until adjudicated.' })
  async fhirClaimResponse(@Root() claim: Claim, @Ctx() ctx: ClaimsContext): Promise<unknown> {
    const sources = await this.explanationSources(claim, ctx);
    return sources ? fhirClaimResponseFor(sources) : null;
  }
}

@Resolver(() => ClaimLine)
export class ClaimLineAdjudicationResolver {
  private async result(line: ClaimLine, ctx: ClaimsContext) {
    const lines = await ctx.loaders.currentLineResultsByClaimId.load(line.claimId);
    return lines.find((l) => l.lineNumber === line.lineNumber) ?? null;
  }

  @FieldResolver(() => ClaimLineOutcome, { nullable: true, description: 'Null until the claim is adjudicated.' })
  async outcome(@Root() line: ClaimLine, @Ctx() ctx: ClaimsContext): Promise<string | null> {
    return (await this.result(line, ctx))?.outcome ?? null;
  }

  @FieldResolver(() => ClaimLineAdjudicationResult, { nullable: true, description: 'Outcome, reasons and amounts of the line in the standing decision.' })
  async adjudication(@Root() line: ClaimLine, @Ctx() ctx: ClaimsContext): Promise<ClaimLineAdjudicationResult | null> {
    const found = await this.result(line, ctx);
    return found ? ClaimLineAdjudicationResult.of(found, line.currency) : null;
  }
}
