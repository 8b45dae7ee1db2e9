// Remediation texts name a control's thresholds as `{{parameter}}`, so that a suggested fix says the
// value the baseline requires (a config's `minInstances: 3`), not the control's default.
import type { AnyControl, Remediation } from './control';
import type { Provider } from './model';

/** `{{name}}` -> the parameter's value (a list joined with commas); an unknown name stays as written. */
export function fillParameters(text: string, parameters: unknown): string {
  const values = typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>) : {};
  return text.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) return placeholder;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}

/** A control's remediation for one provider with its parameters filled in. */
export function remediationFor(control: AnyControl, provider: Provider, parameters: unknown): Remediation {
  const remediation = control.remediation[provider] ?? {};
  return {
    ...(remediation.iac !== undefined ? { iac: fillParameters(remediation.iac, parameters) } : {}),
    ...(remediation.live !== undefined ? { live: fillParameters(remediation.live, parameters) } : {}),
  };
}

/** Every provider's remediation with the parameters filled in. */
export function remediationsFor(control: AnyControl, parameters: unknown): Partial<Record<Provider, Remediation>> {
  return Object.fromEntries(Object.keys(control.remediation).map((provider) => [provider, remediationFor(control, provider as Provider, parameters)]));
}
