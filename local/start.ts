/**
 * `npm start`: the whole system on this machine with demo data (DESIGN §2). Ctrl-C stops
 * everything, DynamoDB Local's Java process included; data stays in `.local/` until `npm run reset`.
 */
import { demoAccounts, demoPassword } from './demo-accounts.js';
import { killAllDynamoLocal } from './dynamo.js';
import { type LocalStack, startLocalStack } from './stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const port = Number(process.env.PORT ?? 3000);
const started = Date.now();
let stack: LocalStack | undefined;
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Boai 正在停止…`);
  const forced = setTimeout(() => {
    killAllDynamoLocal();
    process.exit(1);
  }, 8000);
  try {
    await stack?.stop();
  } finally {
    clearTimeout(forced);
    killAllDynamoLocal();
    process.exit(0);
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

try {
  stack = await startLocalStack({
    port,
    ...(process.env.BOAI_HOST ? { host: process.env.BOAI_HOST } : {}),
    // BOAI_DATA_DIR and BOAI_SEED exist for the start/stop test; users need neither.
    ...(process.env.BOAI_DATA_DIR ? { dataDir: process.env.BOAI_DATA_DIR } : {}),
    seed: process.env.BOAI_SEED === 'minimal' ? 'minimal' : 'demo',
    accessLog: process.env.ACCESS_LOG !== '0',
    onProgress: (message) => console.log(message),
  });
} catch (error) {
  console.error(`\nBoai could not start 启动失败:\n${(error as Error).message}`);
  killAllDynamoLocal();
  process.exit(1);
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const lanNote = process.env.BOAI_HOST
  ? `\n  Listening on ${process.env.BOAI_HOST}:${stack.port}: reachable from this network, demo accounts included`
  : '';
console.log(`
博爱 Boai is running (started in ${seconds} s)
  Public site 公众页面:  ${stack.url}/
  Staff portal 工作平台: ${stack.url}/portal/
  API health:           ${stack.url}/api/health
  DynamoDB Local:       ${stack.dynamoEndpoint} (table ${stack.tableName})${lanNote}

Demo accounts 演示账号 (password 密码: ${demoPassword}):
${demoAccounts.map((account) => `  ${account.username.padEnd(20)} ${account.roles.join(',').padEnd(16)} ${account.division}  ${account.name}`).join('\n')}

Press Ctrl-C to stop 按 Ctrl-C 停止.`);
