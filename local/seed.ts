import { readFileSync } from 'node:fs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../shared/data/dynamo-client.js';
import { parentDivision } from '../shared/divisions/division-code.js';
import { type DivisionRow, divisionItems, writeDivisionItems } from '../shared/divisions/division-repository.js';
import { DomainError } from '../shared/errors.js';
import { localMediaDirEnv } from '../shared/media/media-store.js';
import { loadDemoCases } from './demo-cases.js';
import { loadDemoBranchDetails, loadDemoOrganisation } from './demo-data.js';
import { loadDemoPilots } from './demo-pilots.js';

/** Which reference divisions to load: all of Hubei, or the pilot subset (fast, for tests). */
export type DivisionSet = 'all' | 'pilot';

/** Prefixes whose whole subtree the pilot subset keeps: 罗田县 and 英山县 in 黄冈市. */
const pilotPrefixes = ['421123', '421124'];

/** Bumped when the demo dataset changes, so an old local database gets the new rows. */
const demoVersion = 4;

/**
 * Bumped when the shape of Division items changes (2: province/city/county items carry
 * `townshipCount`/`villageCount`), so an old local database has its upper levels rewritten.
 */
const divisionsFormat = 2;

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
  if (marker.Item && Number(marker.Item.format ?? 1) < divisionsFormat && !(marker.Item.set === 'pilot' && wanted === 'all')) {
    // Only the upper levels changed shape: rewrite them (seconds), keep the villages.
    const rows = marker.Item.set === 'all' ? readDivisionRows() : pilotRows(readDivisionRows());
    divisionsLoaded = await writeDivisionItems(divisionItems(rows).filter((item) => item.level !== 'village'), { ...(signal ? { signal } : {}) });
    await documentClient.send(new PutCommand({ TableName: tableName(), Item: { ...marker.Item, format: divisionsFormat } }));
    onProgress?.('Administrative divisions upgraded 行政区划数据已升级.');
  } else if (!marker.Item || (marker.Item.set === 'pilot' && wanted === 'all')) {
    const allRows = readDivisionRows();
    const rows = wanted === 'all' ? allRows : pilotRows(allRows);
    // Every row's parent must be present, or the tree would have holes.
    const codes = new Set(rows.map(([code]) => code));
    const orphan = rows.find(([code]) => parentDivision(code) && !codes.has(parentDivision(code)!));
    if (orphan) throw new Error(`Reference data has no parent for ${orphan[0]}`);
    // Items come from ALL rows so that child counts are right whichever phase writes them.
    const items = divisionItems(rows);
    // The pilot counties' villages come first too: the demo dataset's branches stand in them.
    const inForeground = (item: { level: string; code: string }) =>
      item.level !== 'village' || pilotPrefixes.some((prefix) => item.code.startsWith(prefix));
    const upper = wanted === 'all' ? items.filter(inForeground) : items;
    const villages = wanted === 'all' ? items.filter((item) => !inForeground(item)) : [];
    const writeMarker = () =>
      documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...markerKey('divisions'), set: wanted, format: divisionsFormat, rows: rows.length, loadedAt: new Date().toISOString() },
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
  if ((!demo.Item || Number(demo.Item.version) < demoVersion) && (await takeDemoLock())) {
    // Each step once, by the version that added it (local/demo-data.ts): 2 branches,
    // commissioners and coverage of the pilot counties; 3 sites, checklists and a member roll;
    // 4 typical cases and pilots (the local workflow runner must be running).
    const from = Number(demo.Item?.version ?? 0);
    try {
      if (from < 2) {
        const loaded = await loadDemoOrganisation(readDivisionRows());
        onProgress?.(`Demo data loaded 演示数据已载入: ${loaded.branches} branches 基层组织, ${loaded.commissioners} commissioners 专员.`);
      }
      if (from < 3) {
        const details = await loadDemoBranchDetails();
        onProgress?.(`Demo details loaded 演示详情已载入: ${details.branches} township branches with sites 阵地, ${details.members} members 会员.`);
      }
      if (from < 4) {
        // Seeding a table on its own (a test of the seed) has no media folder for the photos.
        if (process.env[localMediaDirEnv]) await loadDemoCases();
        const pilots = await loadDemoPilots();
        onProgress?.(`Demo pilots loaded 演示试点已载入: ${pilots} pilots 试点 and typical cases 典型案例.`);
      }
    } catch (error) {
      // A database that already holds some of it (an interrupted first start) refuses the
      // imports as duplicates: keep what is there rather than refuse to start.
      if (!(error instanceof DomainError)) throw error;
      onProgress?.(`Demo data partly present, kept as is 演示数据已存在，保持不变 (${error.code}).`);
    }
    await documentClient.send(
      new PutCommand({ TableName: tableName(), Item: { ...markerKey('demo'), version: demoVersion, loadedAt: new Date().toISOString() } }),
    );
  }
  return background ? { divisionsLoaded, background } : { divisionsLoaded };
}

/**
 * Two seeds of one table at once (test files starting in parallel) must not both write the demo
 * dataset: the first takes this lease, the others carry on without demo data. The lease expires,
 * so a crashed loader does not block the next start for long.
 */
async function takeDemoLock(): Promise<boolean> {
  const now = Math.floor(Date.now() / 1000);
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...markerKey('demo-lock'), expiresAt: now + 600 },
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
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
