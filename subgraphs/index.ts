import type { AnySubgraph } from '../kit/subgraph';
import { claimsSubgraph } from './claims/src/subgraph';
import { financeSubgraph } from './finance/src/subgraph';
import { identitySubgraph } from './identity/src/subgraph';
import { membersSubgraph } from './members/src/subgraph';
import { providersSubgraph } from './providers/src/subgraph';
import { schemesSubgraph } from './schemes/src/subgraph';
import { crmSubgraph } from './crm/src/subgraph';
import { tokensSubgraph } from './tokens/src/subgraph';
import { wellnessSubgraph } from './wellness/src/subgraph';
import { analyticsSubgraph } from './analytics/src/subgraph';
import { engagementSubgraph } from './engagement/src/subgraph';

/** Every subgraph of the supergraph, in start-up order. Scripts, tests and composition read this list. */
export const subgraphs: AnySubgraph[] = [membersSubgraph, schemesSubgraph, claimsSubgraph, financeSubgraph, providersSubgraph, identitySubgraph, crmSubgraph, tokensSubgraph, wellnessSubgraph, analyticsSubgraph, engagementSubgraph];

export function subgraphNamed(name: string): AnySubgraph {
  const found = subgraphs.find((s) => s.name === name);
  if (!found) throw new Error(`Unknown subgraph "${name}". Known: ${subgraphs.map((s) => s.name).join(', ')}`);
  return found;
}
