/**
 * The pilot workflow's ASL exactly as CDK synthesizes it (DESIGN §4.3: one state machine
 * definition). The app is built in-process without bundling or checks (about two seconds), the
 * state machine's `DefinitionString` is read from the stateless template, and its deploy-time
 * references — the task function's ARN, the topic's, the partition — are filled with local
 * stand-ins that the local runner recognises.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';

/** The definition the local runner executes, and the stand-in ARN of the task function. */
export interface LocalPilotWorkflowDefinition {
  /** Amazon States Language, as JSON. */
  readonly definition: Record<string, unknown>;
  /** What `Resource` / `Parameters.FunctionName` name when a state invokes the task function. */
  readonly tasksFunctionArn: string;
}

/** Region and account of the stand-in ARNs (the local region; a fake account). */
const region = 'cn-north-1';
const partition = 'aws-cn';
const account = '000000000000';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

/** Resolves the intrinsics CDK leaves in a definition string to local stand-ins. */
function resolveValue(value: unknown, template: Template): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, unknown>;
  if (Array.isArray(intrinsic['Fn::Join'])) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolveValue(part, template)).join(separator);
  }
  if (typeof intrinsic.Ref === 'string') {
    const ref = intrinsic.Ref;
    if (ref === 'AWS::Partition') return partition;
    if (ref === 'AWS::Region') return region;
    if (ref === 'AWS::AccountId') return account;
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com.cn';
    return standInArn(ref, template);
  }
  if (Array.isArray(intrinsic['Fn::GetAtt'])) {
    const [logicalId] = intrinsic['Fn::GetAtt'] as [string, string];
    return standInArn(logicalId, template);
  }
  if (intrinsic['Fn::ImportValue'] !== undefined) {
    // Cross-stack references here are the stateful stack's topics.
    const name = resolveValue(intrinsic['Fn::ImportValue'], template).replace(/[^A-Za-z0-9-]/g, '-');
    return `arn:${partition}:sns:${region}:${account}:${name}`;
  }
  throw new Error(`The local workflow runner cannot resolve ${JSON.stringify(value)} in the state machine definition`);
}

function standInArn(logicalId: string, template: Template): string {
  const type = template.Resources[logicalId]?.Type;
  if (type === 'AWS::Lambda::Function') return `arn:${partition}:lambda:${region}:${account}:function:${logicalId}`;
  if (type === 'AWS::SNS::Topic') return `arn:${partition}:sns:${region}:${account}:${logicalId}`;
  throw new Error(`The local workflow runner has no stand-in for ${logicalId} (${type ?? 'unknown'})`);
}

/**
 * Builds the CDK app and returns the pilot state machine's definition with local stand-ins.
 * Imported lazily by the local stack so `aws-cdk-lib` loads only when the workflow starts.
 */
export async function synthesizePilotWorkflow(): Promise<LocalPilotWorkflowDefinition> {
  const { buildApp } = await import('../infra/app-builder.js');
  const outdir = mkdtempSync(join(tmpdir(), 'boai-workflow-'));
  try {
    const { app, stateless } = buildApp({
      outdir,
      nag: false,
      cloudFormationValidation: false,
      // No asset bundling: the local runner calls the handlers in-process.
      context: { 'aws:cdk:bundling-stacks': [] },
      webAssetPath: join(outdir, 'no-site'),
    });
    const assembly = app.synth();
    const stack: Stack = stateless;
    const template = JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8')) as Template;
    const machineId = stack.getLogicalId(stateless.pilotWorkflow.stateMachine.node.defaultChild as CfnElement);
    const functionId = stack.getLogicalId(stateless.pilotWorkflow.tasksFunction.function.node.defaultChild as CfnElement);
    const definitionString = template.Resources[machineId]?.Properties?.DefinitionString;
    if (definitionString === undefined) throw new Error(`No state machine ${machineId} in the synthesized template`);
    return {
      definition: JSON.parse(resolveValue(definitionString, template)) as Record<string, unknown>,
      tasksFunctionArn: standInArn(functionId, template),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
