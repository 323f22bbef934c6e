import * as z from 'zod/mini';
import { dateSchema, phoneSchema } from '../branches/branch.js';
import { divisionCodeSchema } from '../divisions/division-code.js';

/**
 * Commissioner (红十字会专员): a person appointed for a township or village that has no branch
 * yet. They sit on the council or the supervisory board of the Red Cross one level up, and count
 * toward coverage until a branch is founded there (approving that branch ends the appointment).
 */
export const boardSeats = ['council', 'supervisoryBoard'] as const;
/** One of {@link boardSeats}. */
export type BoardSeat = (typeof boardSeats)[number];

/** Appointment status. */
export const commissionerStatuses = ['active', 'ended'] as const;
/** One of {@link commissionerStatuses}. */
export type CommissionerStatus = (typeof commissionerStatuses)[number];

/** Why an appointment ended. */
export type EndedReason = 'branchFounded' | 'replaced' | string;

/** The person, as entered. */
export const appointeeSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  title: z.optional(z.string().check(z.trim(), z.maxLength(60))),
  phone: z.optional(phoneSchema),
  boardSeat: z.enum(boardSeats),
  termStart: dateSchema,
  termEnd: z.optional(dateSchema),
});

/** Body of POST /api/commissioners. */
export const appointmentSchema = z.extend(appointeeSchema, { division: divisionCodeSchema });
/** Parsed {@link appointmentSchema}. */
export type Appointment = z.infer<typeof appointmentSchema>;

/** A commissioner as served (phone masked). */
export interface Commissioner {
  readonly commissionerId: string;
  readonly name: string;
  readonly title?: string;
  readonly phoneMasked?: string;
  readonly division: string;
  readonly divisionName: string;
  readonly county: string;
  readonly boardSeat: BoardSeat;
  /** The division whose council or supervisory board the seat is on (the level above). */
  readonly boardDivision: string;
  readonly termStart: string;
  readonly termEnd?: string;
  readonly status: CommissionerStatus;
  readonly endedReason?: string;
  readonly endedAt?: string;
  readonly successorId?: string;
  readonly predecessorId?: string;
  readonly version: number;
  readonly appointedBy: string;
  readonly appointedAt: string;
}
