import { readFileSync } from 'node:fs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../shared/data/dynamo-client.js';
import { parentDivision } from '../shared/divisions/division-code.js';
import { type DivisionRow, divisionItems, writeDivisionItems } from '../shared/divisions/division-repository.js';

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

/** What {@link seed} did, and what it still does in the background. */
export interface SeedResult {
  /** Items written before `seed` resolved. */
  readonly divisionsLoaded: number;
  /**
   * Village-level divisions still loading (first start with all of Hubei only): resolves when
   * they are in and the marker is written. Abort with the signal passed to {@link seed}.
   */
  readonly background?: Promise<void>;
}

/**
 * Loads reference divisions and the demo dataset once per database: a marker item records what
 * was loaded, so a second start skips it and keeps any data users created.
 *
 * All of Hubei is 57,303 items, which DynamoDB Local writes to disk at roughly 1.5 ms each, about
 * 80 s on a laptop. So the province down to townships (7,189 items) loads first and the system
 * starts serving; the 27,057 villages follow in the background. The marker is written only when
 * everything is in, so a start interrupted mid-way loads again (overwriting, idempotently).
 */
export async function seed(
  divisionSet: DivisionSet,
  onProgress?: (message: string) => void,
  signal?: AbortSignal,
): Promise<SeedResult> {
  const marker = await documentClient.send(new GetCommand({ TableName: tableName(), Key: markerKey('divisions') }));
  let divisionsLoaded = 0;
  let background: Promise<void> | undefined;
  const wanted = divisionSet === 'all' ? 'all' : 'pilot';
  if (!marker.Item || (marker.Item.set === 'pilot' && wanted === 'all')) {
    const allRows = readDivisionRows();
    const rows = wanted === 'all' ? allRows : pilotRows(allRows);
    // Every row's parent must be present, or the tree would have holes.
    const codes = new Set(rows.map(([code]) => code));
    const orphan = rows.find(([code]) => parentDivision(code) && !codes.has(parentDivision(code)!));
    if (orphan) throw new Error(`Reference data has no parent for ${orphan[0]}`);
    // Items come from ALL rows so that child counts are right whichever phase writes them.
    const items = divisionItems(rows);
    const upper = wanted === 'all' ? items.filter((item) => item.level !== 'village') : items;
    const villages = wanted === 'all' ? items.filter((item) => item.level === 'village') : [];
    const writeMarker = () =>
      documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...markerKey('divisions'), set: wanted, rows: rows.length, loadedAt: new Date().toISOString() },
        }),
      );
    divisionsLoaded = await writeDivisionItems(upper, { onProgress: reporter('province to townships 省至乡镇', onProgress), ...(signal ? { signal } : {}) });
    if (villages.length === 0) await writeMarker();
    else {
      background = writeDivisionItems(villages, { onProgress: reporter('villages 村（社区）, in the background 后台', onProgress), ...(signal ? { signal } : {}) }).then(
        async () => {
          if (signal?.aborted) return;
          await writeMarker();
          onProgress?.('All administrative divisions loaded 行政区划已全部载入.');
        },
      );
    }
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
  return background ? { divisionsLoaded, background } : { divisionsLoaded };
}

/** A progress callback that prints every 10 %. */
function reporter(what: string, onProgress: ((message: string) => void) | undefined) {
  let lastReported = -10;
  return (written: number, total: number): void => {
    const percent = Math.floor((written / total) * 100);
    if (percent >= lastReported + 10 || written === total) {
      lastReported = percent;
      onProgress?.(`Loading administrative divisions 正在载入行政区划 (${what})… ${percent}% (${written}/${total})`);
    }
  };
}
