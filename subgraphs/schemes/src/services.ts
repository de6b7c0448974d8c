import type { DataSource } from 'typeorm';
import { today } from '../../../kit/dates';
import { BenefitService } from './benefit/benefit.service';
import type { SchemesConfig } from './config';
import { PolicyService } from './policy/policy.service';
import { RatingService } from './rating/rating.service';
import { SchemeService } from './scheme/scheme.service';

export function createSchemesServices(dataSource: DataSource, config: SchemesConfig, clock: () => string = () => today()) {
  const schemes = new SchemeService(dataSource, clock);
  return {
    schemes,
    benefits: new BenefitService(dataSource),
    rating: new RatingService(dataSource, schemes, clock),
    policies: new PolicyService(dataSource, schemes, { policyNumberPrefix: config.policyNumberPrefix, today: clock }),
  };
}

export type SchemesServices = ReturnType<typeof createSchemesServices>;
