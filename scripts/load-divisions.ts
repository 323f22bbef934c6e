/**
 * Loads the Hubei reference divisions into a deployed table (the local runtime seeds itself).
 *   TABLE_NAME=<BoaiTable physical name> AWS_REGION=cn-north-1 npm run divisions:load
 * Uses your AWS credentials; idempotent, so it is safe to re-run after a data refresh.
 */
import { loadDivisions } from '../shared/divisions/division-repository.js';
import { readDivisionRows } from '../local/seed.js';

if (!process.env.TABLE_NAME) {
  console.error('Set TABLE_NAME to the deployed table name (stack output) and AWS_REGION.');
  process.exit(2);
}
const rows = readDivisionRows();
let reported = 0;
const written = await loadDivisions(rows, {
  concurrency: 4,
  onProgress: (done, total) => {
    const percent = Math.floor((done / total) * 100);
    if (percent >= reported + 5) {
      reported = percent;
      console.log(`${percent}% (${done}/${total})`);
    }
  },
});
console.log(`Loaded ${rows.length} divisions (${written} items) into ${process.env.TABLE_NAME}.`);
