import type { GlobalRole } from '@serantau/shared';
import type { JurisdictionCode } from '@serantau/shared';

/** Who is acting: the signed-in user behind a request, socket or collab connection. */
export interface Actor {
  userId: string;
  sessionId: string;
  displayName: string;
  role: GlobalRole;
  country: JurisdictionCode;
  agencyId: string | null;
}

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}
