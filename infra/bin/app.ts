#!/usr/bin/env node
/**
 * Entry point of `cdk synth` / `cdk deploy` (see `cdk.json`). All construction lives in
 * `infra/app-builder.ts` so tests build the identical app; the CLI synthesizes it on exit.
 *
 * Context knobs (`-c key=value` or `cdk.json`):
 * - `boai:cognitoDomainPrefix`: hosted-UI domain prefix (default `boai-<account id>`)
 * - `boai:cognitoThreatProtection`: `true` for the Cognito Plus plan with threat protection
 * - `boai:webAssetPath`: built site folder (default `web/dist`)
 * - `boai:webAclArn`: CLOUDFRONT-scope WAF web ACL to attach to the distribution
 */
import { buildApp } from '../app-builder.js';

buildApp();
