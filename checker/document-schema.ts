// The pieces of the documents inferguard writes and reads back (JSON reports for `merge`, drift snapshots), checked
// with zod in one place: the same provider, status, severity, waiver, gap and estate shapes for both, and the same
// way of saying what is wrong.
import { z } from 'zod';

export const providerSchema = z.enum(['aws', 'azure', 'gcp']);
export const statusSchema = z.enum(['pass', 'fail', 'not_applicable', 'unknown']);
export const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export const waiverSchema = z.looseObject({ id: z.string(), control: z.string(), resource: z.string(), reason: z.string(), approvedBy: z.string(), expires: z.string() });
export const gapSchema = z.looseObject({
  service: z.string(),
  operation: z.string(),
  resourceId: z.string().optional(),
  region: z.string().optional(),
  errorCode: z.string(),
  message: z.string(),
});
export const scopeSchema = z.object({ accounts: z.array(z.string()), regions: z.array(z.string()) });
export const estateSchema = z
  .object({
    discovered: z.array(z.string()),
    shardCount: z.number().int().min(1),
    shards: z.array(z.number().int().min(1)),
    inactive: z.array(z.object({ id: z.string(), state: z.string() })).optional(),
  })
  .refine((e) => e.shards.every((s) => s <= e.shardCount), { message: 'a shard number is above shardCount', path: ['shards'] });

/** The first three problems zod found, each at its path. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(document)'}: ${issue.message}`)
    .join('; ');
}

/** The value as a plain object, or undefined for arrays, null and scalars. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
