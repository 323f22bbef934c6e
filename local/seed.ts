import { readFileSync } from 'node:fs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../shared/data/dynamo-client.js';
import { parentDivision } from '../shared/divisions/division-code.js';
import { type DivisionRow, loadDivisions } from '../shared/divisions/division-repository.js';

/** Which reference divisions to load: all of Hubei, or the pilot subset (fast, for tests). */
export type DivisionSet = 'all' | 'pilot';

/** Prefixes whose whole subtree the pilot subset keeps: 罗田县 and 英山县 in 黄冈市. */
const pilotPrefixes = ['421123', '421124'];

/** Bumped when the demo dataset changes, so an old local database gets the new rows. */
const demoVersion = 1;

/** The shipped Hubei reference rows. */
export function readDivisionRows(): DivisionRow[] {
  const file = new URL('../shared/divisions/hubei-divisions.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { divisions: DivisionRow[] }).divisions;
}

/**
 * The pilot subset: every province, city and county (so browsing from the top works), plus the
 * full subtree of the pilot counties.
 */
export function pilotRows(rows: readonly DivisionRow[]): DivisionRow[] {
  return rows.filter(([code]) => {
    const isCountyOrAbove = code.endsWith('000000');
    return isCountyOrAbove || pilotPrefixes.some((prefix) => code.startsWith(prefix));
  });
}

const markerKey = (name: string) => ({ PK: 'SEED', SK: name });

/**
 * Loads reference divisions and the demo dataset once per database: a marker item records what
 * was loaded, so a second start skips it and keeps any data users created.
 */
export async function seed(
  divisionSet: DivisionSet,
  onProgress?: (message: string) => void,
): Promise<{ divisionsLoaded: number }> {
  const marker = await documentClient.send(new GetCommand({ TableName: tableName(), Key: markerKey('divisions') }));
  let divisionsLoaded = 0;
  const wanted = divisionSet === 'all' ? 'all' : 'pilot';
  if (!marker.Item || (marker.Item.set === 'pilot' && wanted === 'all')) {
    const allRows = readDivisionRows();
    const rows = wanted === 'all' ? allRows : pilotRows(allRows);
    // Every row's parent must be present, or the tree would have holes.
    const codes = new Set(rows.map(([code]) => code));
    const orphan = rows.find(([code]) => parentDivision(code) && !codes.has(parentDivision(code)!));
    if (orphan) throw new Error(`Reference data has no parent for ${orphan[0]}`);
    let lastReported = 0;
    divisionsLoaded = await loadDivisions(rows, {
      onProgress: (written, total) => {
        const percent = Math.floor((written / total) * 100);
        if (percent >= lastReported + 10 || written === total) {
          lastReported = percent;
          onProgress?.(`Loading administrative divisions 正在载入行政区划… ${percent}% (${written}/${total})`);
        }
      },
    });
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...markerKey('divisions'), set: wanted, rows: rows.length, loadedAt: new Date().toISOString() },
      }),
    );
  }
  const demo = await documentClient.send(new GetCommand({ TableName: tableName(), Key: markerKey('demo') }));
  if (!demo.Item || Number(demo.Item.version) < demoVersion) {
    // No demo rows yet: the foundation's demo data is the accounts in local/demo-accounts.ts (they
    // belong to the Cognito stand-in, not the table). Capabilities add their rows here and bump
    // demoVersion, so existing local databases receive them on the next start.
    await documentClient.send(
      new PutCommand({ TableName: tableName(), Item: { ...markerKey('demo'), version: demoVersion, loadedAt: new Date().toISOString() } }),
    );
  }
  return { divisionsLoaded };
}
