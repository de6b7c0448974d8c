import { MemberPrivacyService } from './privacy/privacy.service';
import type { DataSource } from 'typeorm';
import { CompanyService } from './company/company.service';
import { MemberService } from './member/member.service';
import type { MembersConfig } from './config';

export function createMembersServices(dataSource: DataSource, config: MembersConfig) {
  return {
    privacy: new MemberPrivacyService(dataSource),
    companies: new CompanyService(dataSource),
    members: new MemberService(dataSource, { reinstatementWindowDays: config.reinstatementWindowDays }),
  };
}

export type MembersServices = ReturnType<typeof createMembersServices>;
