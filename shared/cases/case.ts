/**
 * Typical case (典型案例) vocabulary and served shapes. No zod here: the portal and the public
 * page import these types and limits too (the Lambda-side schemas are in `case-schemas.ts`).
 *
 * A typical case is a story from a county's pilot — what a branch, a commissioner or volunteers
 * did, with photos — written by county (or city, province) staff, published on the public site
 * in the pilot's publicity phase (宣传推广). The pilot workflow's publicity gate counts a
 * county's published cases.
 */
import type { PhotoContentType } from '../media/image-type.js';

/** Lifecycle: drafts are staff-only; published cases are public; withdrawn ones are staff-only again. */
export const caseStatuses = ['draft', 'published', 'withdrawn'] as const;
/** One of {@link caseStatuses}. */
export type CaseStatus = (typeof caseStatuses)[number];

/** Size limits, shared by the API schemas and the portal form. */
export const caseLimits = {
  title: 80,
  summary: 300,
  /** Plain text; paragraphs separated by blank lines. 10,000 CJK characters stay under 30 KB of JSON. */
  body: 10_000,
  caption: 120,
  /** Photos per case. */
  photos: 12,
  /** Decoded bytes of one photo (the portal downsizes to 1,600 px JPEG first, usually < 500 KB). */
  photoBytes: 2 * 1024 * 1024,
  reason: 500,
} as const;

/** A photo as stored on the case. */
export interface CasePhoto {
  /** ULID; also names the object. */
  readonly photoId: string;
  /** Media key, e.g. `cases/<caseId>/<photoId>.jpg`; the public URL is `/media/<key>`. */
  readonly key: string;
  readonly caption?: string;
  /** Pixel size read from the image header (absent when unreadable). */
  readonly width?: number;
  readonly height?: number;
  readonly contentType: PhotoContentType;
  /** Stored size in bytes. */
  readonly bytes: number;
}

/** A photo as served: the stored fields plus its URL path. */
export interface ServedPhoto extends CasePhoto {
  readonly url: string;
}

/** A typical case as the staff API serves it. */
export interface TypicalCase {
  readonly caseId: string;
  /** The county the case belongs to (12-digit code): whose pilot it illustrates. */
  readonly county: string;
  readonly countyName: string;
  /** Where the story happened: the county or a division below it. */
  readonly division: string;
  readonly divisionName: string;
  readonly title: string;
  readonly summary: string;
  /** Plain text, paragraphs separated by blank lines. */
  readonly body: string;
  /** In display order; the first is the cover. */
  readonly photos: readonly ServedPhoto[];
  readonly status: CaseStatus;
  readonly publishedAt?: string;
  readonly withdrawnReason?: string;
  readonly withdrawnAt?: string;
  /** Optimistic-concurrency version: send it back as `expectedVersion`. */
  readonly version: number;
  /** Name of the staff member who wrote it. */
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A row of the staff list: everything but the body. */
export type TypicalCaseSummary = Omit<TypicalCase, 'body'>;

/** A photo as the public sees it: no key, size in bytes or type, just what an `<img>` needs. */
export interface PublicPhoto {
  readonly photoId: string;
  readonly url: string;
  readonly caption?: string;
  readonly width?: number;
  readonly height?: number;
}

/** A published case as the public API serves it: no author, version or workflow fields. */
export interface PublicCase
  extends Pick<TypicalCase, 'caseId' | 'county' | 'countyName' | 'division' | 'divisionName' | 'title' | 'summary' | 'body'> {
  readonly photos: readonly PublicPhoto[];
  readonly publishedAt: string;
}

/** A published case in the public list: the card's fields, its cover and how many photos it has. */
export interface PublicCaseCard extends Omit<PublicCase, 'body' | 'photos'> {
  readonly cover?: PublicPhoto;
  readonly photoCount: number;
}

/** What `GET /api/public/cases` answers. */
export interface PublicCasePage {
  readonly division: { readonly code: string; readonly name: string };
  readonly items: readonly PublicCaseCard[];
  /** Opaque; pass as `?cursor=` for the next page. Absent on the last page. */
  readonly cursor?: string;
}

/** What is missing before a case can be published (422 CASE_INCOMPLETE lists these). */
export type PublishRequirement = 'title' | 'summary' | 'body' | 'photos';

/** The requirements a case does not meet yet; empty means it may be published. */
export function missingForPublication(fields: { title: string; summary: string; body: string; photos: readonly unknown[] }): PublishRequirement[] {
  const missing: PublishRequirement[] = [];
  if (!fields.title.trim()) missing.push('title');
  if (!fields.summary.trim()) missing.push('summary');
  if (!fields.body.trim()) missing.push('body');
  if (fields.photos.length === 0) missing.push('photos');
  return missing;
}
