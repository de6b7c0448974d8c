import { SchemesPrivacyService } from './privacy/member-export.service';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import type { Logger } from '../../../kit/logger';
import { BenefitService } from './benefit/benefit.service';
import type { SchemesConfig } from './config';
import { PolicyService } from './policy/policy.service';
import { RatingService } from './rating/rating.service';
import { SchemeService } from './scheme/scheme.service';

export function createSchemesServices(dataSource: DataSource, config: SchemesConfig, clock: Clock = systemClock, logger?: Logger) {
  const today = () => clock.today();
  const schemes = new SchemeService(dataSource, today);
  return {
    privacy: new SchemesPrivacyService(dataSource),
    schemes,
    benefits: new BenefitService(dataSource),
    rating: new RatingService(dataSource, schemes, today),
    policies: new PolicyService(dataSource, schemes, { policyNumberPrefix: config.policyNumberPrefix, clock, logger }),
  };
}

export type SchemesServices = ReturnType<typeof createSchemesServices>;
