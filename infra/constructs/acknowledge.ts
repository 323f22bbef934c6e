/**
 * One place to record why a cdk-nag finding (or a CDK annotation warning) is accepted.
 *
 * cdk-nag v3 reads CDK's native acknowledgements (`Validations.of(scope).acknowledge`), which apply
 * to `scope` and everything below it. Granular findings (IAM4, IAM5) need the full
 * `RuleId[FindingId]` form, e.g. `AwsSolutions-IAM5[Resource::*]`; v3 has no prefix matching, so a
 * bare `AwsSolutions-IAM5` acknowledges nothing. Keep acknowledgements on the narrowest construct
 * that owns the finding, never on a whole stack unless every resource in it shares the reason.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A rule (or rule finding) and the specific reason it is accepted here. */
export interface Acknowledgement {
  /** `AwsSolutions-XYZ`, `AwsSolutions-IAM5[Resource::...]` or a CDK annotation id. */
  readonly id: string;
  /** Why this is acceptable for Boai; must say more than "not needed". */
  readonly reason: string;
}

/** Records `acks` on `scope`; rejects empty reasons so every suppression stays explained. */
export function acknowledge(scope: IConstruct, ...acks: readonly Acknowledgement[]): void {
  for (const ack of acks) {
    if (ack.reason.trim().length < 20) {
      throw new Error(`Acknowledgement of ${ack.id} at ${scope.node.path} needs a specific reason`);
    }
    Validations.of(scope).acknowledge({ id: ack.id, reason: ack.reason });
  }
}
