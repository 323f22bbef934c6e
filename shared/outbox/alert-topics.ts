/**
 * The SNS topics outbox messages go to, each named by the environment variable holding its ARN.
 * Only topics something writes to are here, so the relay is granted nothing it does not use.
 *
 * No runtime imports: the CDK app reads this module too, and must not load the data client.
 */
export const alertTopics = {
  /** Overdue pilot steps and workflow faults (`WorkflowEscalations` in the stateful stack). */
  workflowEscalations: 'WORKFLOW_ESCALATIONS_TOPIC_ARN',
} as const;
/** A topic of {@link alertTopics}. */
export type AlertTopic = keyof typeof alertTopics;
