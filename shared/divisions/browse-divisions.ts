import { divisionNotFound } from '../errors.js';
import { provinceCode } from './division-code.js';
import { type Division, findDivisionWithChildren } from './division-repository.js';

/** A division as the public browser shows it. */
export interface DivisionView {
  readonly code: string;
  readonly name: string;
  readonly level: Division['level'];
  readonly hasChildren: boolean;
}

const view = (division: Division): DivisionView => ({
  code: division.code,
  name: division.name,
  level: division.level,
  hasChildren: division.childCount > 0,
});

/**
 * Browse the administrative division tree one level at a time.
 *
 * Steps: default the parent to the province; read the division and its children in one Query;
 * unknown code → 404 DIVISION_NOT_FOUND; children come sorted by code (the sort key order).
 */
export async function browseDivisions(parent: string = provinceCode): Promise<{ parent: DivisionView; children: DivisionView[] }> {
  const found = await findDivisionWithChildren(parent);
  if (!found) throw divisionNotFound(parent);
  return { parent: view(found.division), children: found.children.map(view) };
}
