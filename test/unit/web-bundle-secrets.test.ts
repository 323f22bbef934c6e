import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build.js';
import { demoPassword } from '../../local/demo-accounts.js';

describe('the deployed web bundle', () => {
  it('carries no local demo credentials (they come from the local config.json)', async () => {
    const outdir = join('.cache', 'web-secrets-check');
    await buildWeb({ outdir });
    const assets = readdirSync(join(outdir, 'assets')).filter((file) => file.endsWith('.js'));
    expect(assets.length).toBeGreaterThan(0);
    for (const file of assets) expect(readFileSync(join(outdir, 'assets', file), 'utf8'), file).not.toContain(demoPassword);
  });
});
