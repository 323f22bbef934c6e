/**
 * Builds Boai's CDK app. `infra/bin/app.ts` (what `cdk synth` runs) and the infra tests call the
 * same {@link buildApp}, so tests check exactly the app that gets deployed, cdk-nag included.
 */
import { App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRepoRoot, repoRoot } from './constructs/repo-paths.js';
import { StatefulStack } from './stacks/stateful-stack.js';
import { StatelessStack } from './stacks/stateless-stack.js';

/** Options of {@link buildApp}; every one has a production default. */
export interface BuildAppOptions {
  /** Cloud assembly directory. @default the CLI's (`cdk.out`), or a temp dir when run outside it */
  readonly outdir?: string;
  /** Extra context, over `cdk.json`'s (e.g. `aws:cdk:bundling-stacks: []` to skip bundling). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Folder with `<fn>/index.ts` entries. @default `<repo>/functions` */
  readonly functionsDir?: string;
  /** Built site folder. @default context `boai:webAssetPath`, else `web/dist` (repo-relative) */
  readonly webAssetPath?: string;
  /** Cognito hosted-UI domain prefix. @default context `boai:cognitoDomainPrefix`, else `boai-<account>` */
  readonly cognitoDomainPrefix?: string;
  /** Run cdk-nag AwsSolutions checks during synthesis. @default true */
  readonly nag?: boolean;
  /**
   * Run CDK's built-in CloudFormation template validation during synthesis. Tests that only
   * inspect resources turn it (and `nag`) off for speed; the compliance test keeps both on.
   * @default true
   */
  readonly cloudFormationValidation?: boolean;
  /**
   * Account/region of both stacks. Leave unset for environment-agnostic templates (what `cdk synth`
   * produces); tests set a China region to check partition-aware output.
   * @default - environment-agnostic
   */
  readonly env?: Environment;
  /** Prefix of the stack names. @default 'Boai' */
  readonly stackNamePrefix?: string;
}

/** The app and its two stacks. */
export interface BoaiApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Reads `cdk.json`'s context (feature flags). The CLI passes it to the app anyway; reading it here
 * too makes tests, which construct the App directly, synthesize with the very same flags.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

/**
 * Builds the app: a stateful and a stateless stack, both environment-agnostic (no account or
 * region: `cdk synth` works offline and the same templates deploy to global or China regions),
 * with cdk-nag AwsSolutions checks registered as a CDK validation plugin.
 */
export function buildApp(options: BuildAppOptions = {}): BoaiApp {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
    context: { ...cdkJsonContext(), ...options.context },
  });
  if (options.nag ?? true) {
    // v3 API: a validation plugin that runs after synthesis; errors fail `cdk synth`, and every
    // finding (errors and warnings) is written to validation-report.json in the cloud assembly.
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  }

  const prefix = options.stackNamePrefix ?? 'Boai';
  const contextWebPath: unknown = app.node.tryGetContext('boai:webAssetPath');
  const webAssetPath = fromRepoRoot(
    options.webAssetPath ?? (typeof contextWebPath === 'string' ? contextWebPath : 'web/dist'),
  );
  const contextWebAcl: unknown = app.node.tryGetContext('boai:webAclArn');

  const env = options.env ? { env: options.env } : {};
  const stateful = new StatefulStack(app, `${prefix}Stateful`, {
    ...env,
    description: 'Boai stateful resources: table, keys, topics, buckets, user pool (retained on delete)',
    ...(options.cognitoDomainPrefix ? { cognitoDomainPrefix: options.cognitoDomainPrefix } : {}),
  });
  const stateless = new StatelessStack(app, `${prefix}Stateless`, {
    ...env,
    description: 'Boai stateless resources: functions, HTTP API, web distribution',
    stateful,
    webAssetPath,
    ...(options.functionsDir ? { functionsDir: options.functionsDir } : {}),
    ...(typeof contextWebAcl === 'string' && contextWebAcl ? { webAclArn: contextWebAcl } : {}),
  });
  stateless.addStackDependency(stateful);

  Tags.of(app).add('project', 'boai');
  return { app, stateful, stateless };
}
