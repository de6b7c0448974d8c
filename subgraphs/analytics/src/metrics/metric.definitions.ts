import { registerEnumType } from 'type-graphql';

export enum MetricUnit {
  COUNT = 'COUNT',
  MINOR_UNITS = 'MINOR_UNITS',
  BASIS_POINTS = 'BASIS_POINTS',
  SECONDS = 'SECONDS',
}
registerEnumType(MetricUnit, {
  name: 'MetricUnit',
  description: "What a data point's value counts: COUNT; MINOR_UNITS of the point's currency; BASIS_POINTS (10000 = 100%); SECONDS.",
});

export enum MetricDimension {
  NONE = 'NONE',
  STATUS = 'STATUS',
  BENEFIT = 'BENEFIT',
  PROVIDER = 'PROVIDER',
}
registerEnumType(MetricDimension, {
  name: 'MetricDimension',
  description: "What a point's dimension names: nothing, a claim status, a benefit category, or a provider id.",
});

export interface MetricDefinitionSpec {
  code: string;
  name: string;
  unit: MetricUnit;
  dimension: MetricDimension;
  description: string;
}

/** Every metric analytics keeps, bucketed by business day. Points of a metric in MINOR_UNITS or a ratio of money carry a currency. */
export const METRICS: readonly MetricDefinitionSpec[] = [
  { code: 'claims.by-status', name: 'Claims by status', unit: MetricUnit.COUNT, dimension: MetricDimension.STATUS, description: 'Claims by the day of their latest decision and its outcome; a reversed decision counts as REVERSED.' },
  { code: 'claims.by-benefit', name: 'Claims by benefit', unit: MetricUnit.COUNT, dimension: MetricDimension.BENEFIT, description: 'Claims by decision day and benefit category.' },
  { code: 'claims.payable.by-benefit', name: 'Claims payable by benefit', unit: MetricUnit.MINOR_UNITS, dimension: MetricDimension.BENEFIT, description: 'What the scheme pays, by decision day and benefit category, net of reversals.' },
  { code: 'claims.by-provider', name: 'Claims by provider', unit: MetricUnit.COUNT, dimension: MetricDimension.PROVIDER, description: 'Claims by decision day and provider.' },
  { code: 'claims.payable.by-provider', name: 'Claims payable by provider', unit: MetricUnit.MINOR_UNITS, dimension: MetricDimension.PROVIDER, description: 'What the scheme pays, by decision day and provider, net of reversals.' },
  { code: 'claims.payable', name: 'Claims payable', unit: MetricUnit.MINOR_UNITS, dimension: MetricDimension.NONE, description: 'What the scheme pays, by decision day, net of reversals.' },
  { code: 'claims.decided', name: 'Claims decided', unit: MetricUnit.COUNT, dimension: MetricDimension.NONE, description: 'Claims decided (approved, partially approved or denied; not pended) by decision day.' },
  { code: 'claims.decided.automatically', name: 'Claims decided automatically', unit: MetricUnit.COUNT, dimension: MetricDimension.NONE, description: 'Of the claims decided, those the engine decided without an officer’s review.' },
  { code: 'claims.auto-adjudication-rate', name: 'Auto-adjudication rate', unit: MetricUnit.BASIS_POINTS, dimension: MetricDimension.NONE, description: 'Claims decided automatically / claims decided, per decision day.' },
  { code: 'claims.turnaround.claims', name: 'Claims with a known turnaround', unit: MetricUnit.COUNT, dimension: MetricDimension.NONE, description: 'Decided claims whose submission time is known.' },
  { code: 'claims.turnaround.total-seconds', name: 'Claim turnaround, total', unit: MetricUnit.SECONDS, dimension: MetricDimension.NONE, description: 'Sum of submission-to-decision times of the claims decided that day.' },
  { code: 'claims.turnaround.average-seconds', name: 'Claim turnaround, average', unit: MetricUnit.SECONDS, dimension: MetricDimension.NONE, description: 'Average submission-to-decision time of the claims decided that day (rounded to the second).' },
  { code: 'premiums.paid', name: 'Premiums paid', unit: MetricUnit.MINOR_UNITS, dimension: MetricDimension.NONE, description: "Premium invoices paid, by payment day, each valued at the net premium the invoice billed for the policy (events from before finance sent it: the policy's premium for one billing period)." },
  { code: 'premiums.overdue-invoices', name: 'Premium invoices overdue', unit: MetricUnit.COUNT, dimension: MetricDimension.NONE, description: 'Premium invoices (per policy) reported past grace, by day reported.' },
  { code: 'settlements.posted', name: 'Settlements posted', unit: MetricUnit.MINOR_UNITS, dimension: MetricDimension.NONE, description: 'Claim settlements finance posted, by day posted.' },
  { code: 'loss-ratio', name: 'Loss ratio (paid basis)', unit: MetricUnit.BASIS_POINTS, dimension: MetricDimension.NONE, description: 'Claims payable (net of reversals, by decision day) / premiums paid (by payment day), per currency; no point on a day without premiums.' },
];

const byCode = new Map(METRICS.map((m) => [m.code, m]));

export function metricNamed(code: string): MetricDefinitionSpec | undefined {
  return byCode.get(code);
}
