import { ReasonCode } from './types';
import type { BenefitTerms, ClaimInput, CoverageFacts, ProviderFacts, Reason } from './types';
import { reason } from './wording';

/** Whether the provider belonged to one of these networks on the date (joinedOn <= date <= leftOn). */
export function inNetworkOn(provider: ProviderFacts, networkCodes: readonly string[], date: string): boolean {
  return provider.networks.some(
    (network) => networkCodes.includes(network.code) && network.joinedOn <= date && (network.leftOn === null || date <= network.leftOn),
  );
}

/** Whether one of the provider's licences covers the date (both ends inclusive). */
export function licensedOn(provider: ProviderFacts, date: string): boolean {
  return provider.licences.some((licence) => licence.validFrom <= date && date <= licence.validTo);
}

/**
 * Step 3, for the whole claim: the provider exists, is active, is not blacklisted, held a licence
 * on the service date and, when the scheme names its networks, belonged to one of them that day.
 * Null when the provider may be paid.
 */
export function providerReason(claim: ClaimInput, provider: ProviderFacts | null, coverage: CoverageFacts | null): Reason | null {
  const date = claim.serviceDate;
  if (!provider) return reason('PROVIDER', ReasonCode.PROVIDER_UNKNOWN, 'The provider on this claim is not one we know.');
  if (provider.status !== 'ACTIVE') {
    return reason('PROVIDER', ReasonCode.PROVIDER_NOT_AUTHORIZED, `The provider is ${provider.status.toLowerCase()} and may not claim from the scheme.`);
  }
  if (provider.blacklisted) return reason('PROVIDER', ReasonCode.PROVIDER_BLACKLISTED, 'The provider is blacklisted by the scheme.');
  if (!licensedOn(provider, date)) {
    return reason('PROVIDER', ReasonCode.PROVIDER_UNLICENSED, `The provider held no valid licence on ${date}, the date of service.`);
  }
  const allowed = coverage?.allowedNetworkCodes ?? [];
  if (allowed.length > 0 && !inNetworkOn(provider, allowed, date)) {
    return reason(
      'PROVIDER',
      ReasonCode.PROVIDER_OUT_OF_NETWORK,
      `The provider was not in the scheme's networks (${allowed.join(', ')}) on ${date}.`,
    );
  }
  return null;
}

/** Step 3, per line: a benefit restricted to some networks pays only their providers. */
export function benefitNetworkReason(provider: ProviderFacts, benefit: BenefitTerms, date: string): Reason | null {
  if (benefit.networkCodes.length === 0 || inNetworkOn(provider, benefit.networkCodes, date)) return null;
  return reason(
    'PROVIDER',
    ReasonCode.PROVIDER_OUT_OF_NETWORK,
    `${benefit.name} is paid only to providers in ${benefit.networkCodes.join(', ')}, and this provider was not in one on ${date}.`,
  );
}
