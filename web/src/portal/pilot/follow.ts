/**
 * A hand-off across a hash navigation: the plan form submits (or resubmits) and then opens the
 * county's page, which follows the workflow from the step the write acted on and shows `notice`.
 */
import type { PilotStep } from './types.js';

interface Handoff {
  county: string;
  fromStep: PilotStep;
  notice: string;
}

let pending: Handoff | undefined;

export function handOff(next: Handoff): void {
  pending = next;
}

/** The hand-off for `county`, once. */
export function takeHandoff(county: string): Handoff | undefined {
  const found = pending?.county === county ? pending : undefined;
  pending = undefined;
  return found;
}
