import { inject } from 'vitest';
import { localCredentials, localRegion } from '../../local/dynamo.js';

// Runs before each test file is imported, so data modules create their client against
// DynamoDB Local exactly as a Lambda would from its environment.
Object.assign(process.env, {
  DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
  TABLE_NAME: inject('tableName'),
  AWS_REGION: localRegion,
  AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  // A fixed test constant, not a secret: handlers seal personal data with it as with the local key.
  BOAI_LOCAL_PERSONAL_DATA_KEY: Buffer.from('boai-test-personal-data-key-0001').toString('base64'),
});
