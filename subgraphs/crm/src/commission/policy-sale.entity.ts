import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { minorUnitsColumn } from '../../../../kit/money';

/** What crm knows of a policy from `schemes.policy.changed`: enough to pay and claw back commission. */
@Entity('policy_sales')
export class PolicySale {
  @PrimaryColumn({ type: 'uuid' })
  policyId: string;

  @Column()
  policyNumber: string;

  @Column({ type: 'uuid' })
  schemeId: string;

  @Column({ type: 'uuid', nullable: true })
  salesAgentId: string | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date', nullable: true })
  cancellationDate: string | null;

  @Column({ type: 'text' })
  billingFrequency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  premiumMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  annualPremiumMinor: number;

  @Column()
  currency: string;

  @Column({ type: 'int' })
  policyVersion: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
