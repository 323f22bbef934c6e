/**
 * The Step Functions side of the pilot workflow, which has no local peer: starting executions and
 * handing decisions back through task tokens (aws-sdk-client-mock), and the task Lambda's error
 * naming that the state machine's Retry and Catch rely on.
 */
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand, TaskTimedOut, ExecutionAlreadyExists, InvalidToken } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handOver, stepFunctionsEngine, useWorkflowEngine } from '../../shared/pilots/workflow-engine.js';
import { handler } from '../../functions/pilot-workflow/index.js';
import { testContext } from '../support/events.js';

const sfn = mockClient(SFNClient);
const arn = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:PilotWorkflow';

beforeEach(() => {
  sfn.reset();
  process.env.PILOT_STATE_MACHINE_ARN = arn;
  useWorkflowEngine(undefined);
});
afterEach(() => {
  delete process.env.PILOT_STATE_MACHINE_ARN;
});

describe('the Step Functions engine', () => {
  it('starts a named execution with the pilot as input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${arn}:x`, startDate: new Date() });
    await stepFunctionsEngine().start('01PILOT-1', { pilotId: '01PILOT', county: '421123000000', run: 1 });
    const call = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(call).toEqual({ stateMachineArn: arn, name: '01PILOT-1', input: JSON.stringify({ pilotId: '01PILOT', county: '421123000000', run: 1 }) });
  });

  it('treats a run that was already started as started (a retried submit)', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    await expect(stepFunctionsEngine().start('01PILOT-1', { pilotId: '01PILOT', county: '421123000000', run: 1 })).resolves.toBeUndefined();
  });

  it('passes other start failures on', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(stepFunctionsEngine().start('01PILOT-1', { pilotId: '01PILOT', county: '421123000000', run: 1 })).rejects.toThrow('throttled');
  });

  it('hands a decision back with the task token', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(await stepFunctionsEngine().sendDecision('token-1', { step: 'planReview', outcome: 'approve' })).toBe('delivered');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input).toEqual({ taskToken: 'token-1', output: '{"step":"planReview","outcome":"approve"}' });
  });

  it('reports a token whose task no longer waits as stale', async () => {
    sfn.on(SendTaskSuccessCommand).rejectsOnce(new TaskTimedOut({ message: 'timed out', $metadata: {} })).rejectsOnce(new InvalidToken({ message: 'invalid', $metadata: {} }));
    const engine = stepFunctionsEngine();
    expect(await engine.sendDecision('token-1', { step: 'planReview', outcome: 'approve' })).toBe('stale');
    expect(await engine.sendDecision('token-2', { step: 'planReview', outcome: 'approve' })).toBe('stale');
  });

  it('never fails a recorded decision when the hand-over fails: the workflow collects it later', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' }));
    expect(await handOver('token-1', { step: 'deployment', outcome: 'declareComplete' }, '421123000000')).toBe('stale');
    expect(await handOver(undefined, { step: 'deployment', outcome: 'declareComplete' }, '421123000000')).toBe('stale');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });
});

describe('the task Lambda', () => {
  it('refuses a malformed task input with a routed error name, not a retry', async () => {
    await expect(handler({ task: 'celebrate', county: '421123000000', run: 1 }, testContext())).rejects.toMatchObject({ name: 'PilotStateInconsistent' });
    await expect(handler({ task: 'enterStep', county: '421123000000', run: 0, step: 'planReview' }, testContext())).rejects.toMatchObject({ name: 'PilotStateInconsistent' });
  });

  it('renames DynamoDB throttling TransientFailure so the state machine retries it', async () => {
    const { documentClient } = await import('../../shared/data/dynamo-client.js');
    const send = documentClient.send.bind(documentClient);
    documentClient.send = (async () => {
      throw Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' });
    }) as typeof documentClient.send;
    process.env.TABLE_NAME ??= 'boai-unit';
    try {
      await expect(handler({ task: 'enterStep', county: '421123000000', run: 1, step: 'planReview' }, testContext())).rejects.toMatchObject({ name: 'TransientFailure' });
    } finally {
      documentClient.send = send;
    }
  });
});
