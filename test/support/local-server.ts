import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { LocalCognito } from '../../local/local-cognito.js';
import { createLocalServer } from '../../local/server.js';
import { repoRoot } from '../../local/stack.js';

/** The local API server on a free port, against whatever table the environment names. */
export async function startTestServer(): Promise<{ url: string; cognito: LocalCognito; stop: () => Promise<void> }> {
  const cognito = await LocalCognito.create('pending');
  const server: Server = createLocalServer({ webRoot: join(repoRoot, 'web', 'dist'), cognito });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cognito.useIssuer(`${url}/local-cognito`);
  return {
    url,
    cognito,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
