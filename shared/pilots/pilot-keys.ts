/**
 * Keys of the Pilot entity and of what lives in a pilot's partition (docs/data-model.md).
 *
 * - `PILOT#<county>` / `#PILOT`: the pilot (one per county); GSI1 `PILOTS` / `<county>` lists
 *   them, narrowed to a city by prefix.
 * - `PILOT#<county>` / `EVENT#<ISO time>#<ULID>`: its timeline, oldest first, read with the pilot
 *   in one Query (`#` sorts before `E`).
 */
export const pilotKeys = {
  partition: (county: string) => `PILOT#${county}`,
  pilot: '#PILOT',
  eventPrefix: 'EVENT#',
  event: (at: string, id: string) => `EVENT#${at}#${id}`,
  /** GSI1 partition of every pilot. Small: one item per pilot county. */
  index: 'PILOTS',
} as const;
