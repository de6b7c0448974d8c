import type { Role } from '../../../kit/auth/identity';
import { forMember, nested, recordFields, signedIn, staff, staffOrMember } from '../../../kit/auth/rules';
import { systemClock } from '../../../kit/clock';
import { defineSubgraph } from '../../../kit/subgraph';
import { Appointment, Coach, CoachSlot, WaitingListEntry } from './coaching/coaching.entity';
import { CoachingResolver, CoachSlotResolver } from './coaching/coaching.resolver';
import { readWellnessConfig } from './config';
import type { WellnessContext } from './context';
import { ConnectionResolver } from './connection/connection.resolver';
import { DeviceConnection } from './connection/device-connection.entity';
import { Goal } from './goal/goal.entity';
import { GoalResolver, ProgrammeResolver } from './goal/goal.resolver';
import { Programme, ProgrammeEnrolment } from './goal/programme.entity';
import { evaluateRewardsJob, expireSlotOffersJob, syncDevicesJob } from './jobs';
import { createWellnessLoaders } from './loaders';
import { MemberWellnessFieldsResolver, MemberWellnessResolver, type MemberWellness } from './member-wellness.resolver';
import { MemberReference, memberReference } from './member.reference';
import { HealthMetric } from './metric/health-metric.entity';
import type { MetricTrend } from './metric/metric-trend.types';
import { MetricResolver } from './metric/metric.resolver';
import { WellnessSchema1700000009000 } from './migrations/1700000009000-WellnessSchema';
import { eraseMemberFromWellness } from './privacy/member-erased.subscription';
import { RewardAward, RewardRule } from './reward/reward.entity';
import { RewardResolver } from './reward/reward.resolver';
import { createWellnessServices } from './services';

/**
 * Enrolment officers look after members' wellness (coaches, programmes, reward rules, bookings on
 * a member's behalf); analysts read, with readings' values as health data behind their grant.
 * A member sees their family's wellness and manages their own.
 */
const MANAGERS: Role[] = ['ENROLMENT_OFFICER'];
const READERS: Role[] = ['ENROLMENT_OFFICER', 'ANALYST'];
const ofMember = (memberArg = 'memberId') => forMember({ staff: READERS, memberArg });
const changesForMember = forMember({ staff: MANAGERS, memberArg: 'memberId' });
const TREND_SERIES = ['direction', 'daily', 'weekly', 'movingAverage7', 'movingAverage30'];

/**
 * Device connections (Fitbit, Google Fit, Apple Health), health metrics and their trends, goals
 * and programmes, rewards by readable rules, and coach appointments with waiting lists; extends
 * `Member` with `wellness`.
 */
export const wellnessSubgraph = defineSubgraph({
  name: 'wellness',
  defaultPort: 4009,
  entities: [DeviceConnection, HealthMetric, Goal, Programme, ProgrammeEnrolment, RewardRule, RewardAward, Coach, CoachSlot, Appointment, WaitingListEntry],
  migrations: [WellnessSchema1700000009000],
  resolvers: [ConnectionResolver, MetricResolver, GoalResolver, ProgrammeResolver, RewardResolver, CoachingResolver, CoachSlotResolver, MemberWellnessResolver, MemberWellnessFieldsResolver],
  orphanedTypes: [MemberReference],
  referenceResolvers: {
    // Wellness holds no copy of members: a reference is all it needs to add their wellness.
    Member: { __resolveReference: (ref) => memberReference(ref.id) },
    Coach: { __resolveReference: (ref, ctx: WellnessContext) => ctx.loaders.coachById.load(ref.id) },
  },
  permissions: {
    Query: {
      deviceProviders: signedIn,
      deviceConnections: ofMember(),
      healthMetrics: ofMember(),
      healthMetricTrend: ofMember(),
      wellnessProgrammes: signedIn,
      rewardRules: signedIn,
      coaches: signedIn,
      openCoachSlots: signedIn,
      coachAppointments: staff(...READERS),
      coachWaitingList: ofMember(),
    },
    Mutation: {
      // A device is linked by the member who owns it (ADMIN may act for support).
      connectDevice: forMember({ staff: [], memberArg: 'memberId' }),
      completeDeviceConnection: forMember({ staff: [], memberArg: 'memberId' }),
      uploadAppleHealthData: staffOrMember(),
      syncDeviceConnection: staffOrMember(...MANAGERS),
      disconnectDevice: staffOrMember(...MANAGERS),
      setWellnessGoal: staffOrMember(...MANAGERS),
      abandonWellnessGoal: staffOrMember(...MANAGERS),
      createWellnessProgramme: staff(...MANAGERS),
      enrolInWellnessProgramme: changesForMember,
      createRewardRule: staff(...MANAGERS),
      setRewardRuleActive: staff(...MANAGERS),
      createCoach: staff(...MANAGERS),
      addCoachSlots: staff(...MANAGERS),
      bookCoachSlot: changesForMember,
      cancelCoachAppointment: staffOrMember(...MANAGERS),
      joinCoachWaitingList: changesForMember,
      acceptCoachSlotOffer: staffOrMember(...MANAGERS),
      leaveCoachWaitingList: staffOrMember(...MANAGERS),
    },
    Member: recordFields({ staff: READERS, memberOf: (m: MemberReference) => m.id }),
    MemberWellness: recordFields({ staff: READERS, memberOf: (w: MemberWellness) => w.memberId }, { health: ['latestMetrics', 'trends'] }),
    DeviceConnection: recordFields({ staff: READERS, memberOf: (c: DeviceConnection) => c.memberId }),
    HealthMetric: recordFields({ staff: READERS, memberOf: (m: HealthMetric) => m.memberId }, { health: ['value'] }),
    MetricTrend: recordFields({ staff: READERS, memberOf: (t: MetricTrend) => t.memberId }, { health: TREND_SERIES }),
    DailyMetricValue: nested({ staff: READERS }, 'health'),
    WeeklyMetricValue: nested({ staff: READERS }, 'health'),
    MovingAverageValue: nested({ staff: READERS }, 'health'),
    ConnectDevicePayload: nested({ staff: READERS }),
    HealthIngestResult: nested({ staff: READERS }),
    WellnessGoal: recordFields({ staff: READERS, memberOf: (g: Goal) => g.memberId }),
    GoalProgress: nested({ staff: READERS }),
    WellnessProgramme: signedIn,
    RequiredActivity: signedIn,
    ProgrammeEnrolment: recordFields({ staff: READERS, memberOf: (e: ProgrammeEnrolment) => e.memberId }),
    ActivityProgress: nested({ staff: READERS }),
    RewardRule: signedIn,
    RewardAward: recordFields({ staff: READERS, memberOf: (a: RewardAward) => a.memberId }),
    Coach: signedIn,
    CoachSlot: signedIn,
    CoachAppointment: recordFields({ staff: READERS, memberOf: (a: Appointment) => a.memberId }),
    WaitingListEntry: recordFields({ staff: READERS, memberOf: (e: WaitingListEntry) => e.memberId }),
  },
  createServices: (dataSource, logger) => createWellnessServices(dataSource, readWellnessConfig(), systemClock, logger),
  createLoaders: createWellnessLoaders,
  subscriptions: [eraseMemberFromWellness],
  // Read when a runtime starts its jobs, so importing the definition reads no settings.
  get jobs() {
    const config = readWellnessConfig();
    return [syncDevicesJob(config), expireSlotOffersJob(config), evaluateRewardsJob(config)];
  },
});
