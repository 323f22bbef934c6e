/**
 * Invokes one domain function's handler with an event fixture, as Lambda would, against the
 * local table of a running `npm start` (or any endpoint in DYNAMODB_ENDPOINT):
 *   npm run invoke -- divisions events/api-gateway/get-divisions.json
 * Prints the handler's response. Handy for debugging a route without the HTTP layer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { personalDataKeyFile } from '../local/personal-data-key.js';
import { functionNames, type FunctionName } from '../shared/http/routes.js';

const [fn, eventFile] = process.argv.slice(2);
if (!fn || !eventFile || !(functionNames as readonly string[]).includes(fn)) {
  console.error(`usage: npm run invoke -- <${functionNames.join('|')}> <event.json>`);
  process.exit(2);
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
if (process.env.DYNAMODB_ENDPOINT) {
  // DynamoDB Local ignores credentials but the SDK needs some; real tables use your own.
  process.env.TABLE_NAME ??= 'boai-local';
  process.env.AWS_REGION ??= 'cn-north-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  // The running local stack's personal-data key, so sealed fields open as they do there.
  const keyFile = new URL(`../.local/${personalDataKeyFile}`, import.meta.url);
  if (!process.env.BOAI_LOCAL_PERSONAL_DATA_KEY && existsSync(keyFile)) {
    process.env.BOAI_LOCAL_PERSONAL_DATA_KEY = readFileSync(keyFile, 'utf8').trim();
  }
} else if (!process.env.TABLE_NAME) {
  console.error('Set DYNAMODB_ENDPOINT (npm start prints it), or TABLE_NAME and AWS credentials for a real table.');
  process.exit(2);
}
const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));
const module = (await import(`../functions/${fn as FunctionName}/index.ts`)) as {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
};
const response = await module.handler(event, {
  awsRequestId: 'local-invoke',
  functionName: `boai-${fn}`,
  getRemainingTimeInMillis: () => 10_000,
});
console.log(JSON.stringify(response, null, 2));
