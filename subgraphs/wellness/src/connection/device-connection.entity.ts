import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DeviceProvider } from './sources/source';

export enum ConnectionStatus {
  PENDING_AUTHORISATION = 'PENDING_AUTHORISATION',
  CONNECTED = 'CONNECTED',
  /** The provider refused our tokens (expired or withdrawn at the provider): the member must authorise again. */
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(ConnectionStatus, { name: 'DeviceConnectionStatus' });

/** A member's link to a health-data source. Tokens are stored encrypted and never leave this service. */
@ObjectType({ description: "A member's link to a health-data source (Fitbit, Google Fit, Apple Health)." })
@Entity('device_connections')
export class DeviceConnection {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field(() => DeviceProvider)
  @Column({ type: 'text' })
  provider: DeviceProvider;

  @Field(() => ConnectionStatus)
  @Column({ type: 'text' })
  status: ConnectionStatus;

  @Column({ type: 'text', nullable: true })
  oauthState: string | null;

  @Column({ type: 'text', nullable: true })
  codeVerifier: string | null;

  @Column({ type: 'text', nullable: true })
  accessTokenEnc: string | null;

  @Column({ type: 'text', nullable: true })
  refreshTokenEnc: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  tokenExpiresAt: Date | null;

  @Column({ type: 'text', nullable: true })
  externalUserId: string | null;

  @Field(() => String, { nullable: true, description: 'The last day fetched from the provider; the next sync starts there.' })
  @Column({ type: 'date', nullable: true })
  syncCursor: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastSyncedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  connectedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
