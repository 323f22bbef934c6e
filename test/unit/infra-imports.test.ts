import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` synthesizes the CDK app in-process while Java starts, before the environment names
 * DynamoDB Local. A data module reached from the app would create its DynamoDB client then,
 * pointed at AWS, for the whole process. So the app may import shared vocabulary, never data code.
 */
describe('the CDK app', () => {
  it('imports no module that creates a DynamoDB client at load', async () => {
    const result = await build({ entryPoints: ['infra/app-builder.ts'], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    // The check sees the app's shared imports (it can fail).
    expect(inputs).toEqual(expect.arrayContaining(['infra/constructs/outbox-relay.ts', 'shared/outbox/alert-topics.ts', 'shared/pilots/vocabulary.ts']));
    expect(inputs.filter((input) => input.startsWith('shared/data/dynamo-client') || input.startsWith('shared/outbox/outbox-message'))).toEqual([]);
  });
});
