/**
 * The pilot workflow (试点工作流) as a construct: a Standard state machine whose decision steps are
 * `.waitForTaskToken` Lambda tasks, and the Lambda that runs its tasks.
 *
 *   Resume? ─▶ Enter planReview ─▶ Await planReview ─▶ Route planReview ─approve─▶ Enter deployment …
 *                    ▲                 │  timeout ─▶ Check deadline (overdue: escalate) ─┐
 *                    └─────────────────┴─────────────────────────────────────────────────┘
 *
 * Every decision step S is the same four states: `Enter S` (record the step, compute how long to
 * wait), `Await S` (record the task token; wait for the decision API to hand it back, at most
 * until the deadline or a day), `Check deadline S` (on timeout: when overdue, record the
 * escalation with its alert in the outbox, then wait again), `Collect S` (a decision recorded
 * while no task waited) and `Route S` (a Choice on the outcome). Every Lambda task retries
 * transient failures and catches everything else into `Record fault` → `Faulted`; a superseded
 * run ends quietly. The state machine publishes nothing itself: escalation and fault alerts are
 * written in the same transaction as the state they announce, and the outbox relay delivers them
 * to SNS (DESIGN §4.12), so an SNS outage neither loses an alert nor touches the workflow.
 *
 * An execution older than 330 days hands its run over at its next step entry: `Continue S?` →
 * `Continue S` (the machine starts itself for the same run at step S) → `Continued`, so a pilot
 * may outlast Step Functions' one-year limit.
 *
 * The local runner (`local/workflow-runner.ts`) executes the ASL this construct synthesizes; it
 * recognises tasks by their resource (Lambda invoke, start execution), never by a second
 * definition.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { decisionSteps, type DecisionStep, type Outcome } from '../../shared/pilots/vocabulary.js';
import { acknowledge } from './acknowledge.js';
import { BoaiFunction } from './boai-function.js';

/** Where each outcome leads: a step to enter, or `complete`. */
export const pilotTransitions: Readonly<Record<DecisionStep, Partial<Record<Outcome, DecisionStep | 'complete'>>>> = {
  planReview: { approve: 'deployment', reject: 'planRevision' },
  planRevision: { resubmit: 'planReview' },
  deployment: { declareComplete: 'publicity' },
  publicity: { declareComplete: 'evaluation' },
  evaluation: { accept: 'consolidation', rectify: 'deployment' },
  consolidation: { declareComplete: 'complete' },
};

/** Error names the task Lambda throws (see `shared/pilots/workflow-tasks.ts`). */
const errors = { stale: 'StaleExecution', decided: 'DecisionAlreadyRecorded', transient: 'TransientFailure' } as const;

/** Properties of {@link PilotWorkflow}. */
export interface PilotWorkflowProps {
  readonly table: dynamodb.ITable;
  /** The API function that starts executions and hands decisions back. */
  readonly pilotsFunction: BoaiFunction;
  /** @default `<repo>/functions` */
  readonly functionsDir?: string;
}

/** The state machine and its task function. See the module comment. */
export class PilotWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly tasksFunction: BoaiFunction;

  constructor(scope: Construct, id: string, props: PilotWorkflowProps) {
    super(scope, id);
    this.tasksFunction = new BoaiFunction(this, 'Tasks', {
      domain: 'pilot-workflow',
      table: props.table,
      tableAccess: 'readWrite',
      ...(props.functionsDir ? { functionsDir: props.functionsDir } : {}),
    });
    const fn = this.tasksFunction.function;
    const base = { county: sfn.JsonPath.stringAt('$.county'), run: sfn.JsonPath.numberAt('$.run') };

    const superseded = new sfn.Succeed(this, 'Superseded', { comment: 'A newer run of this pilot took over' });
    const faulted = new sfn.Fail(this, 'Faulted', { error: 'PilotFaulted', cause: 'A workflow task kept failing; the pilot is marked faulted' });

    /** Retries shared by every task: Lambda service errors (CDK's default) and our transient failures. */
    const withRetries = <T extends sfn.TaskStateBase>(task: T): T => {
      task.addRetry({ errors: [errors.transient], interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
      // Lambda throttling, and the function timing out (Lambda.Unknown), are worth a few tries
      // before the pilot is marked faulted.
      task.addRetry({ errors: ['Lambda.TooManyRequestsException', 'Lambda.Unknown'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
      return task;
    };
    const lambdaTask = (stateId: string, payload: Record<string, unknown>, resultPath: string): tasks.LambdaInvoke =>
      withRetries(
        new tasks.LambdaInvoke(this, stateId, {
          lambdaFunction: fn,
          payload: sfn.TaskInput.fromObject(payload),
          payloadResponseOnly: true,
          retryOnServiceExceptions: true,
          resultPath,
          taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
        }),
      );
    // ---- Faults: record on the pilot (with its alert in the outbox), stop.
    const recordFault = lambdaTask('Record fault', { task: 'recordFault', ...base, error: sfn.JsonPath.objectAt('$.error') }, sfn.JsonPath.DISCARD);
    recordFault.addCatch(superseded, { errors: [errors.stale] });
    recordFault.addCatch(faulted, { errors: ['States.ALL'], resultPath: '$.faultError' });
    recordFault.next(faulted);
    const catchAll = (task: sfn.TaskStateBase): void => {
      task.addCatch(superseded, { errors: [errors.stale] });
      task.addCatch(recordFault, { errors: ['States.ALL'], resultPath: '$.error' });
    };

    // ---- Completion.
    const complete = lambdaTask('Complete pilot', { task: 'complete', ...base }, sfn.JsonPath.DISCARD);
    catchAll(complete);
    complete.next(new sfn.Succeed(this, 'Pilot completed'));

    // ---- The decision steps: build every state first, then wire the loops between them.
    // How long a callback task waits is `Enter S`'s answer, kept at `$.Payload` and also passed
    // inside the callback's Payload: `$.Payload.timeoutSeconds` then names the same number whether
    // an engine resolves TimeoutSecondsPath against the state's input (Step Functions) or against
    // its Parameters (aws-local-stepfunctions 3.0.0 does), so one definition serves both.
    const waitPath = '$.Payload';
    const enter = {} as Record<DecisionStep, tasks.LambdaInvoke>;
    for (const step of decisionSteps) {
      enter[step] = lambdaTask(`Enter ${step}`, { task: 'enterStep', ...base, step, executionStartedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime') }, waitPath);
    }

    // ---- Continue as new: a Standard execution lasts at most a year, a pilot may last longer.
    // An entry into a step of an old execution (see continueAfterSeconds) starts a new execution
    // of the same run at that step and ends this one. The machine names itself by a fixed name,
    // since a reference to its own ARN would be a dependency cycle.
    const machineName = `${Stack.of(this).stackName}-PilotWorkflow`;
    const ownMachine = sfn.StateMachine.fromStateMachineArn(
      this,
      'Self',
      Stack.of(this).formatArn({ service: 'states', resource: 'stateMachine', resourceName: machineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );
    const continued = new sfn.Succeed(this, 'Continued', { comment: 'A new execution of the same run took over at the step it entered' });
    for (const step of decisionSteps) {
      const wait = withRetries(
        new tasks.LambdaInvoke(this, `Await ${step}`, {
          lambdaFunction: fn,
          integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
          payload: sfn.TaskInput.fromObject({
            task: 'awaitDecision',
            ...base,
            step,
            taskToken: sfn.JsonPath.taskToken,
            waitId: sfn.JsonPath.stringAt(`${waitPath}.waitId`),
            timeoutSeconds: sfn.JsonPath.numberAt(`${waitPath}.timeoutSeconds`),
          }),
          retryOnServiceExceptions: true,
          // Until the deadline, the next escalation or a day, whichever is first (see waitSeconds).
          taskTimeout: sfn.Timeout.at(`${waitPath}.timeoutSeconds`),
          resultPath: '$.decision',
        }),
      );
      const checkDeadline = lambdaTask(`Check deadline ${step}`, { task: 'checkDeadline', ...base, step, waitId: sfn.JsonPath.stringAt(`${waitPath}.waitId`) }, sfn.JsonPath.DISCARD);
      const collect = lambdaTask(`Collect ${step}`, { task: 'readDecision', ...base, step }, '$.decision');
      const route = new sfn.Choice(this, `Route ${step}`);
      for (const [outcome, next] of Object.entries(pilotTransitions[step])) {
        route.when(sfn.Condition.stringEquals('$.decision.outcome', outcome), next === 'complete' ? complete : enter[next]);
      }
      route.otherwise(
        new sfn.Pass(this, `Unknown outcome ${step}`, {
          result: sfn.Result.fromObject({ Error: 'UnknownOutcome', Cause: `An outcome the ${step} step does not know` }),
          resultPath: '$.error',
        }).next(recordFault),
      );

      wait.addCatch(checkDeadline, { errors: ['States.Timeout'], resultPath: '$.timedOut' });
      wait.addCatch(collect, { errors: [errors.decided], resultPath: '$.collected' });
      catchAll(wait);
      catchAll(enter[step]);
      catchAll(checkDeadline);
      catchAll(collect);

      const continueAsNew = new tasks.StepFunctionsStartExecution(this, `Continue ${step}`, {
        stateMachine: ownMachine,
        integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
        // Unique per hand-over: the wait id the entry just made.
        name: sfn.JsonPath.format('{}-{}-{}', sfn.JsonPath.stringAt('$.pilotId'), sfn.JsonPath.stringAt('$.run'), sfn.JsonPath.stringAt(`${waitPath}.waitId`)),
        input: sfn.TaskInput.fromObject({ pilotId: sfn.JsonPath.stringAt('$.pilotId'), county: sfn.JsonPath.stringAt('$.county'), run: sfn.JsonPath.numberAt('$.run'), resumeAt: step }),
        resultPath: sfn.JsonPath.DISCARD,
        taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
      });
      continueAsNew.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 6, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
      catchAll(continueAsNew);
      continueAsNew.next(continued);
      enter[step].next(new sfn.Choice(this, `Continue ${step}?`).when(sfn.Condition.booleanEquals(`${waitPath}.continueAsNew`, true), continueAsNew).otherwise(wait));
      wait.next(route);
      collect.next(route);
      // Escalated or not, wait again: the next wait is until the next escalation or a day.
      checkDeadline.next(enter[step]);
    }

    // ---- Start, or resume at a recorded step (after a fault, a local restart, or a year).
    const start = new sfn.Choice(this, 'Resume?');
    for (const step of decisionSteps) {
      start.when(sfn.Condition.and(sfn.Condition.isPresent('$.resumeAt'), sfn.Condition.stringEquals('$.resumeAt', step)), enter[step]);
    }
    start.otherwise(enter.planReview);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: machineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(start),
      comment: 'Boai county pilot: plan review → deployment → publicity → evaluation → consolidation',
      tracingEnabled: true,
      // Every event is logged; inputs and outputs are not (they carry task tokens and comments).
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    // An execution that ends without completing its pilot — failed outside the catches, timed
    // out after a year, stopped by hand — marks the pilot faulted, so it is never silently stuck.
    new events.Rule(this, 'ExecutionEnded', {
      description: 'Marks a pilot faulted when its workflow execution ends without completing it',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [this.stateMachine.stateMachineArn], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      targets: [
        new targets.LambdaFunction(fn, {
          event: events.RuleTargetInput.fromObject({ task: 'executionEnded', status: events.EventField.fromPath('$.detail.status'), input: events.EventField.fromPath('$.detail.input') }),
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    const api = props.pilotsFunction;
    api.function.addEnvironment('PILOT_STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(api.role);
    this.stateMachine.grantTaskResponse(api.role);

    // On the state machine's role, where CDK puts these statements: nothing else inherits them.
    acknowledge(
      this.stateMachine.role,
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Step Functions needs logs:CreateLogDelivery and related actions and X-Ray writes on "*": those APIs have no resource-level permissions',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.tasksFunction.function.node.defaultChild as never)}.Arn>:*]`,
        reason: 'Invoking the task function by any version or alias ARN: CDK grants lambda:InvokeFunction on <function>:* next to the function itself',
      },
    );
  }
}
