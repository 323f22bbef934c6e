/**
 * The pilot workflow as synthesized: a valid ASL definition (asl-validator, the same definition
 * the local runner executes), every Lambda task with retries, catches and a timeout, every
 * decision step a `.waitForTaskToken` task with a dynamic timeout and a deadline check, logging
 * ALL and tracing on, least-privilege grants between the API and the state machine, and no SNS
 * publishing of its own (alerts go through the outbox relay, `test/infra/outbox-relay.test.ts`).
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BoaiApp } from '../../infra/app-builder.js';
import { pilotTransitions } from '../../infra/constructs/pilot-workflow.js';
import { synthesizePilotWorkflow, type LocalPilotWorkflowDefinition } from '../../local/workflow-definition.js';
import { decisionSteps, outcomesOfStep } from '../../shared/pilots/vocabulary.js';

type State = Record<string, any>; // `any`: ASL is loose JSON; every value used is checked by expect.
type Validate = (definition: unknown, options?: { checkPaths: boolean; checkArn: boolean }) => { isValid: boolean; errors: unknown[] };
const validate = createRequire(import.meta.url)('asl-validator') as Validate;

let workDir: string;
let built: BoaiApp;
let stack: Stack;
let template: Template;
let local: LocalPilotWorkflowDefinition;
let states: Record<string, State>;
const logicalId = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as CfnElement);

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'boai-workflow-infra-'));
  built = buildApp({ nag: false, cloudFormationValidation: false, outdir: workDir, webAssetPath: path.join(workDir, 'no-site'), context: { 'aws:cdk:bundling-stacks': [] } });
  built.app.synth();
  stack = built.stateless;
  template = Template.fromStack(stack);
  local = await synthesizePilotWorkflow();
  states = local.definition.States as Record<string, State>;
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the pilot state machine definition', () => {
  it('passes asl-validator with paths and ARNs checked', () => {
    const result = validate(local.definition, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('fails asl-validator when a transition is broken (the check can fail)', () => {
    const broken = structuredClone(local.definition) as { States: Record<string, State> };
    broken.States['Enter planReview']!.Next = 'Nowhere';
    expect(validate(broken, { checkPaths: true, checkArn: true }).isValid).toBe(false);
  });

  it('has a callback task with a dynamic timeout and a deadline check that waits again, for every decision step', () => {
    for (const step of decisionSteps) {
      const wait = states[`Await ${step}`]!;
      expect(wait.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
      expect(wait.Parameters.Payload['taskToken.$']).toBe('$$.Task.Token');
      expect(wait.TimeoutSecondsPath).toBe('$.Payload.timeoutSeconds');
      // The same path resolves inside the Parameters (see the construct): both engines agree.
      expect(wait.Parameters.Payload['timeoutSeconds.$']).toBe('$.Payload.timeoutSeconds');
      const catches = (wait.Catch as State[]).map((c) => [c.ErrorEquals.join(), c.Next]);
      expect(catches).toContainEqual(['States.Timeout', `Check deadline ${step}`]);
      expect(catches).toContainEqual(['DecisionAlreadyRecorded', `Collect ${step}`]);
      expect(catches.at(-1)).toEqual(['States.ALL', 'Record fault']);
      // The check records an escalation with its alert in the outbox, then waits again.
      expect(states[`Check deadline ${step}`]!.Parameters.task).toBe('checkDeadline');
      expect(states[`Check deadline ${step}`]!.Next).toBe(`Enter ${step}`);
    }
  });

  it('publishes nothing itself: every task is the task function or a hand-over to itself, a fault ends after recording it', () => {
    const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task' && !String(state.Resource).endsWith(':states:::states:startExecution'));
    for (const [name, state] of tasks) {
      const callback = String(state.Resource).endsWith(':states:::lambda:invoke.waitForTaskToken');
      expect(callback ? state.Parameters.FunctionName : state.Resource, name).toBe(local.tasksFunctionArn);
    }
    expect(states['Record fault']!.Next).toBe('Faulted');
  });

  it('continues an old execution as a new one of the same run at the step it enters, before the one-year limit', () => {
    for (const step of decisionSteps) {
      expect(states[`Enter ${step}`]!.Parameters['executionStartedAt.$']).toBe('$$.Execution.StartTime');
      const choice = states[`Continue ${step}?`]!;
      expect(states[`Enter ${step}`]!.Next).toBe(`Continue ${step}?`);
      expect(choice.Choices[0]).toMatchObject({ Variable: '$.Payload.continueAsNew', BooleanEquals: true, Next: `Continue ${step}` });
      expect(choice.Default).toBe(`Await ${step}`);
      const hand = states[`Continue ${step}`]!;
      expect(hand.Resource).toMatch(/:states:::states:startExecution$/);
      // Itself, by its fixed name (its own ARN as a reference would be a dependency cycle).
      expect(hand.Parameters.StateMachineArn).toMatch(/:states:[^:]+:[^:]+:stateMachine:BoaiStateless-PilotWorkflow$/);
      expect(hand.Parameters.Input).toMatchObject({ 'pilotId.$': '$.pilotId', 'county.$': '$.county', 'run.$': '$.run', resumeAt: step });
      expect(hand.Parameters['Name.$']).toContain('$.Payload.waitId');
      expect(hand.Next).toBe('Continued');
      expect((hand.Retry as State[])[0]!.ErrorEquals).toEqual(['States.ALL']);
      expect((hand.Catch as State[]).at(-1)).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'Record fault' });
      expect(hand.TimeoutSeconds).toBeDefined();
    }
    expect(states.Continued!.Type).toBe('Succeed');
  });

  it('retries, catches and times out every Lambda task', () => {
    const lambdaTasks = Object.entries(states).filter(([, state]) => state.Type === 'Task' && !String(state.Resource).endsWith(':states:::states:startExecution'));
    expect(lambdaTasks.length).toBeGreaterThanOrEqual(decisionSteps.length * 4 + 2);
    for (const [name, state] of lambdaTasks) {
      const retried = (state.Retry as State[]).flatMap((r) => r.ErrorEquals as string[]);
      expect(retried, name).toEqual(expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.Unknown', 'TransientFailure']));
      expect(state.Catch?.length, name).toBeGreaterThan(0);
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
    }
  });

  it('routes every outcome a step allows, and nothing else', () => {
    for (const step of decisionSteps) {
      const route = states[`Route ${step}`]!;
      const routed = (route.Choices as State[]).map((choice) => choice.StringEquals as string);
      expect(routed.sort(), step).toEqual([...outcomesOfStep[step]].sort());
      expect(Object.keys(pilotTransitions[step]).sort()).toEqual([...outcomesOfStep[step]].sort());
      expect(route.Default).toBe(`Unknown outcome ${step}`);
    }
  });

  it('resumes at any decision step', () => {
    const resume = states['Resume?']!;
    expect(local.definition.StartAt).toBe('Resume?');
    expect((resume.Choices as State[]).map((choice) => choice.Next).sort()).toEqual(decisionSteps.map((step) => `Enter ${step}`).sort());
    expect(resume.Default).toBe('Enter planReview');
  });
});

describe('the pilot state machine resource', () => {
  it('is a Standard state machine with logging ALL (no execution data) and X-Ray tracing', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });

  it('lets the pilots API start executions and answer tasks of this state machine only', () => {
    const machine = logicalId(built.stateless.pilotWorkflow.stateMachine);
    const api = built.stateless.functions.pilots;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [logicalId(api.role), 'Arn'] },
      Environment: { Variables: Match.objectLike({ PILOT_STATE_MACHINE_ARN: { Ref: machine } }) },
    });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(api.role) }] } });
    const statements = Object.values(policies).flatMap((policy) => (policy as State).Properties.PolicyDocument.Statement as State[]);
    const onMachine = statements.filter((statement) => JSON.stringify(statement.Action).includes('states:'));
    expect(onMachine.flatMap((statement) => [statement.Action].flat()).sort()).toEqual(['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess', 'states:StartExecution'].sort());
    for (const statement of onMachine) expect(JSON.stringify(statement.Resource)).toContain(machine);
    // Every other function has no Step Functions permission at all; the state machine itself may
    // only start itself (continuing as new).
    const machineRole = logicalId(built.stateless.pilotWorkflow.stateMachine.role as never);
    const machinePolicies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: machineRole }] } });
    const others = template.findResources('AWS::IAM::Policy');
    const withStates = Object.entries(others).filter(([, policy]) => JSON.stringify(policy).includes('"states:'));
    expect(withStates.map(([id]) => id).every((id) => Object.keys(policies).includes(id) || Object.keys(machinePolicies).includes(id))).toBe(true);
    const selfStatements = Object.values(machinePolicies)
      .flatMap((policy) => (policy as State).Properties.PolicyDocument.Statement as State[])
      .filter((statement) => JSON.stringify(statement.Action).includes('states:'));
    expect(selfStatements.map((statement) => statement.Action)).toEqual(['states:StartExecution']);
    expect(JSON.stringify(selfStatements[0]!.Resource)).toContain(':stateMachine:BoaiStateless-PilotWorkflow');
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'BoaiStateless-PilotWorkflow' });
  });

  it('invokes only its task function, and may not publish to SNS or use the messaging key', () => {
    const machineRole = built.stateless.pilotWorkflow.stateMachine.role;
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(machineRole as never) }] } });
    const statements = Object.values(policies).flatMap((policy) => (policy as State).Properties.PolicyDocument.Statement as State[]);
    const invoke = statements.filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));
    expect(JSON.stringify(invoke)).toContain(logicalId(built.stateless.pilotWorkflow.tasksFunction.function));
    expect(JSON.stringify(invoke)).not.toMatch(/PilotsFunction|BranchesFunction/);
    expect(invoke.length).toBeGreaterThan(0);
    expect(JSON.stringify(statements)).not.toContain('sns:');
    expect(JSON.stringify(statements)).not.toContain('MessagingKey');
  });

  it('marks a pilot faulted when its execution fails, times out or is stopped (EventBridge → task function)', () => {
    const machine = logicalId(built.stateless.pilotWorkflow.stateMachine);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [{ Ref: machine }], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(built.stateless.pilotWorkflow.tasksFunction.function), 'Arn'] },
          InputTransformer: Match.objectLike({ InputTemplate: Match.stringLikeRegexp('"task":"executionEnded"') }),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
        }),
      ],
    });
  });

  it('gives the task function read/write on the table and nothing on the personal-data keys', () => {
    const role = built.stateless.pilotWorkflow.tasksFunction.role;
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
    const text = JSON.stringify(policies);
    expect(text).toContain('dynamodb:UpdateItem');
    expect(text).not.toContain('PersonalDataKey');
    expect(text).not.toContain('states:');
  });
});
