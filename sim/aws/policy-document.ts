// Resource and identity policies arrive as JSON text; every service refuses text that is not a JSON
// object with a Statement, each with its own error code.

/** Why `text` is not a policy document, or `undefined` when it is one. */
export function policyDocumentProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `the policy is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the policy must be a JSON object';
  if (!('Statement' in parsed)) return 'the policy has no Statement';
  return undefined;
}
