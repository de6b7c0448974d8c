import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What engagement keeps of a member to reach them: a read model of `members.member.changed`. */
@Entity('member_contacts')
export class MemberContact {
  @PrimaryColumn('uuid')
  memberId: string;

  @Column({ type: 'uuid', nullable: true })
  principalId: string | null;

  @Column({ type: 'uuid', nullable: true })
  companyId: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'int' })
  version: number;

  /** A tombstone: the member was erased and nothing of them is kept or accepted again. */
  @Column({ type: 'boolean', default: false })
  erased: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The last status seen per policy, to tell activation and suspension from other changes. */
@Entity('policy_statuses')
export class PolicyStatusRow {
  @PrimaryColumn('uuid')
  policyId: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'int' })
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
