import { spawnSync } from 'node:child_process';

/** Minimum Java major version DynamoDB Local 3.x runs on. */
export const requiredJavaMajor = 17;

/**
 * Checks that `java` exists and is new enough, with a message a newcomer can act on. Returns the
 * major version; throws an Error whose message is meant to be printed as is.
 */
export function checkJava(): number {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `Java ${requiredJavaMajor}+ is required to run DynamoDB Local, but \`java\` was not found.\n` +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17\n' +
        '未找到 Java：本地运行需要 Java 17 或更高版本（用于 DynamoDB Local）。',
    );
  }
  const text = `${result.stderr}${result.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!Number.isFinite(major) || major < requiredJavaMajor) {
    throw new Error(
      `Java ${requiredJavaMajor}+ is required to run DynamoDB Local; found: ${text.split('\n')[0] ?? 'unknown'}.\n` +
        `Java 版本过低：需要 Java ${requiredJavaMajor} 或更高版本。`,
    );
  }
  return major;
}
