import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnitsColumn } from '../../../../kit/money';
import type {
  AdjudicationInput,
  ClaimDecision,
  LineOutcome,
  Reason,
  RiskAssessment,
  RiskSignal,
  StepRecord,
  UtilisationDelta,
} from './engine/types';

/** Who decided: the engine on its own, or a claims officer reviewing a pended claim. */
export type AdjudicationKind = 'ENGINE' | 'REVIEW';

/** Claims' own pend reasons beyond the engine's: finance refused to settle the approved claim. */
export type StoredPendReason = 'REVIEW' | 'AUTHORIZATION' | 'SETTLEMENT_REJECTED';

/** What was known when the claim was decided (the histories are summarised, not copied). */
export type AdjudicationFactsSnapshot = Omit<AdjudicationInput, 'memberHistory' | 'providerHistory' | 'providerAverages'> & {
  memberHistoryCount: number;
  providerHistoryCount: number;
};

/**
 * One decision on a claim, kept for good: the engine's first, then any review's. The claim points
 * at the one that stands; its utilisation deltas are what a reversal gives back.
 */
@Entity('claim_adjudications')
export class ClaimAdjudication {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  claimId: string;

  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'text' })
  kind: AdjudicationKind;

  @Column({ type: 'text' })
  decision: ClaimDecision;

  @Column({ type: 'text', nullable: true })
  pendReason: 'REVIEW' | 'AUTHORIZATION' | null;

  @Column({ type: 'jsonb' })
  reasons: Reason[];

  @Column({ type: 'int' })
  riskScore: number;

  @Column({ type: 'text' })
  riskLevel: RiskAssessment['level'];

  @Column({ type: 'jsonb' })
  riskSignals: RiskSignal[];

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  submittedMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  eligibleMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  disallowedMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  deductibleMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  copayMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  coinsuranceMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  payableMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  exceededMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  memberResponsibilityMinor: number;

  @Column({ type: 'jsonb' })
  utilisation: UtilisationDelta[];

  /** What this decision drew on the claim's pre-authorisation (given back on reversal). */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  preauthUsedMinor: number;

  @Column({ type: 'jsonb' })
  steps: StepRecord[];

  @Column({ type: 'uuid', nullable: true })
  duplicateOfClaimId: string | null;

  @Column({ type: 'jsonb' })
  facts: AdjudicationFactsSnapshot;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  @Column({ type: 'text' })
  decidedBy: string;

  @Column({ type: 'text', nullable: true })
  reviewAction: 'APPROVE' | 'ADJUST' | 'DENY' | null;

  @Column({ type: 'text', nullable: true })
  reviewReason: string | null;
}

/** The outcome and amounts of one claim line in one adjudication. */
@Entity('claim_line_adjudications')
export class ClaimLineAdjudication {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  adjudicationId: string;

  @Column({ type: 'uuid' })
  claimId: string;

  @Column({ type: 'int' })
  lineNumber: number;

  @Column({ type: 'text' })
  outcome: LineOutcome;

  @Column({ type: 'uuid', nullable: true })
  benefitId: string | null;

  @Column({ type: 'jsonb' })
  reasons: Reason[];

  @Column({ type: 'int' })
  approvedQuantity: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  submittedMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  eligibleMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  disallowedMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  deductibleMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  copayMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  coinsuranceMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  payableMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  exceededMinor: number;
}
