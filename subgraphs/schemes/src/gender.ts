import { registerEnumType } from 'type-graphql';

/**
 * The same `Gender` enum the members subgraph declares (identical values, so the supergraph
 * composes them into one type); benefits restrict by it and premiums are rated on it.
 */
export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}
registerEnumType(Gender, { name: 'Gender' });
