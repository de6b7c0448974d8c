/** Tells every domain that a member's identity was erased, so each pseudonymises its own copies. */
export const MEMBER_ERASED = 'members.member.erased';

export interface MemberErasedPayload {
  memberId: string;
  /** The name the member now goes by in the members subgraph (`Erased 1A2B3C4D`). */
  pseudonym: string;
  erasedAt: string;
}
