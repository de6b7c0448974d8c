import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model from `members.member.changed`: each member's place in a family, for the `fam` claim. */
@Entity('family_members')
export class FamilyMember {
  @PrimaryColumn('uuid')
  memberId: string;

  @Column({ type: 'uuid', nullable: true })
  principalId: string | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
