import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger } from '../../shared/observability/logger.js';
import { runWorkflowTask, WorkflowTaskError, workflowErrors } from '../../shared/pilots/workflow-tasks.js';
import { pilotTaskInputSchema } from '../../shared/schemas/pilot-task.js';

/**
 * Errors that say "try again shortly" (DynamoDB throttling, a brief outage, transaction
 * contention that outlasted its own retries). They are renamed TransientFailure so the state
 * machine's Retry can name them without retrying real faults.
 */
const transientNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionCanceledException',
  'TimeoutError',
]);

async function run(event: unknown): Promise<unknown> {
  const parsed = z.safeParse(pilotTaskInputSchema, event);
  // A malformed task input is a bug in the state machine definition: fail loudly (no retry).
  if (!parsed.success) throw new WorkflowTaskError(workflowErrors.inconsistent, `Invalid task input: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  const input = parsed.data;
  // The token is a credential for completing the task: never logged.
  logger.appendKeys({ task: input.task, ...('county' in input ? { county: input.county, run: input.run } : {}) });
  try {
    return await runWorkflowTask(input);
  } catch (error) {
    if (error instanceof WorkflowTaskError) {
      logger.info('Workflow task ended with a routed error', { error: error.name });
      throw error;
    }
    if (transientNames.has((error as Error).name)) {
      logger.warn('Workflow task hit a transient failure', { error: (error as Error).name });
      throw new WorkflowTaskError(workflowErrors.transient, (error as Error).name);
    }
    logger.error('Workflow task failed', { error: (error as Error).name, message: (error as Error).message });
    throw error;
  }
}

/** Lambda entry of the pilot workflow's tasks (invoked by Step Functions, not by the API). */
export const handler = middy<unknown, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
  .handler(run);
