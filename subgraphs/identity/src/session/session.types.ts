import { IsOptional, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { User } from '../user/user.entity';

@InputType()
export class LoginInput {
  @Field()
  @MaxLength(254)
  email: string;

  @Field()
  @MaxLength(1024)
  password: string;

  @Field(() => String, { nullable: true, description: 'The 6-digit code from the authenticator app (staff, and members who turned it on).' })
  @IsOptional()
  @Matches(/^\s*\d{3}\s?\d{3}\s*$/, { message: 'must be the 6 digits the authenticator app shows' })
  totpCode?: string | null;
}

@ObjectType({ description: 'A signed-in session: a short-lived access token and the refresh token that renews it.' })
export class AuthPayload {
  @Field(() => ID)
  sessionId: string;

  @Field({ description: 'JWT (typ at+jwt) to send as `Authorization: Bearer …`.' })
  accessToken: string;

  @Field()
  accessTokenExpiresAt: Date;

  @Field({ description: 'Opaque; good once. Keep it secret and swap it with refreshSession before it expires.' })
  refreshToken: string;

  @Field()
  refreshTokenExpiresAt: Date;

  @Field(() => User)
  user: User;
}

@ObjectType({ description: 'A new two-factor secret to load into an authenticator app (as a QR code of `otpauthUri`, or typed in).' })
export class TotpEnrolment {
  @Field({ description: 'Base32.' })
  secret: string;

  @Field()
  otpauthUri: string;

  @Field()
  accountName: string;

  @Field()
  issuer: string;
}
