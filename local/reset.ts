/**
 * `npm run reset`: deletes the local data folder, so the next `npm start` loads fresh demo data.
 * The folder holds DynamoDB Local's files AND the personal-data key that sealed them
 * (`personal-data.key`): they go together, never one without the other.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from './stack.js';

const pidFile = join(defaultDataDir, 'dynamodb', 'dynamodb-local.pid');
if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    alive = false;
  }
  if (alive) {
    console.error('Boai is still running: stop `npm start` (Ctrl-C) first. 请先停止 npm start。');
    process.exit(1);
  }
}
rmSync(defaultDataDir, { recursive: true, force: true });
console.log(`Removed ${defaultDataDir}. The next \`npm start\` loads fresh demo data. 本地数据已清除。`);
