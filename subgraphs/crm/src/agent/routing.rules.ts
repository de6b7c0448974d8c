/** An agent who could take a lead, with how many open leads they already work. */
export interface RoutingCandidate {
  agentId: string;
  agentCode: string;
  openLeads: number;
}

/**
 * Least-loaded routing: the agent with the fewest open leads takes the lead; a tie goes to the
 * lowest agent code, so the same state always routes the same way. Null when nobody can take it.
 */
export function pickAgent(candidates: readonly RoutingCandidate[]): string | null {
  let best: RoutingCandidate | null = null;
  for (const candidate of candidates) {
    if (!best || candidate.openLeads < best.openLeads || (candidate.openLeads === best.openLeads && candidate.agentCode < best.agentCode)) {
      best = candidate;
    }
  }
  return best?.agentId ?? null;
}
