/**
 * Every access decision in Serantau goes through this folder. Routes, socket handlers and the
 * collab endpoint call these functions; they never compare roles themselves.
 */
export type { Actor, RequestOrigin } from './actor';
export { assertCan, can } from './global';
export { canReadDocument, canWriteDocument, decideDocumentAccess } from './documents';
export { mayPassOn, type HandlingRule, type PassOnDecision } from './handling';
export {
  caseCapabilities,
  caseDocumentAccess,
  decideCase,
  type CaseAccessContext,
  type CaseDecision,
} from './cases';
export { decideChannelAccess, joinedByDefault } from './channels';
export type { ChannelDecision, ChannelFacts, MembershipFacts } from './channels';
export {
  canDeleteMessage,
  canEditMessage,
  canEditThread,
  canReact,
  canReply,
  canResolveThread,
  canSeeHiddenText,
} from './threads';
export type { ContainerDecision } from './threads';
