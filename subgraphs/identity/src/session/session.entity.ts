import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One sign-in and the refresh tokens it has been rotated through (the token family). Revoking it
 * ends every token of the family, and the gateway refuses its access tokens.
 */
@ObjectType({ description: 'One sign-in, kept alive by rotating refresh tokens until it expires or is revoked.' })
@Entity('sessions')
export class Session {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  userId: string;

  @Field(() => String, { nullable: true, description: 'The client address at sign-in.' })
  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastRefreshedAt: Date | null;

  @Field({ description: 'When the latest refresh token expires.' })
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'LOGOUT, REVOKED, REFRESH_TOKEN_REUSED, USER_DISABLED, PASSWORD_CHANGED, ROLES_CHANGED.' })
  @Column({ type: 'text', nullable: true })
  revokedReason: string | null;
}

/** A refresh token of a session, by its SHA-256 only. */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @Column()
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
