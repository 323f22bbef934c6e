/** Display labels of the branch vocabularies, typed so every value has a dictionary entry. */
import type { AnyKey } from '../messages.js';
import type { BoardSeat, BranchStatus, BranchType, DuesStatus, LeaderPost, SiteKind } from './types.js';

export const typeKey = (type: BranchType): AnyKey => `branchType.${type}`;
export const statusKey = (status: BranchStatus): AnyKey => `branchStatus.${status}`;
export const siteKey = (kind: SiteKind): AnyKey => `site.${kind}`;
export const postKey = (post: LeaderPost): AnyKey => `leaderPost.${post}`;
export const seatKey = (seat: BoardSeat): AnyKey => `commissioners.${seat}`;
const duesKeys: Record<DuesStatus, AnyKey> = { paid: 'members.duesPaid', due: 'members.duesDue', exempt: 'members.duesExempt' };
export const duesKey = (dues: DuesStatus): AnyKey => duesKeys[dues];

export const statusTone: Record<BranchStatus, 'ok' | 'warn' | 'muted' | 'bad'> = {
  proposed: 'warn',
  active: 'ok',
  rejected: 'bad',
  dissolved: 'muted',
};
