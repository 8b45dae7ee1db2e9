// MITRE ATLAS mitigations the baseline maps to: id -> name as ATLAS publishes it. ATLAS renamed
// "ML" to "AI" in its names in 2025 (e.g. AML.M0005 was "Control Access to ML Models and Data
// at Rest"); the ids did not change. Only ids a control uses are listed; a test checks that
// every mapping names one of these.

export const MITRE_ATLAS_URL = 'https://atlas.mitre.org/mitigations';

export const MITRE_ATLAS_MITIGATIONS: Readonly<Record<string, string>> = {
  'AML.M0005': 'Control Access to AI Models and Data at Rest',
  'AML.M0012': 'Encrypt Sensitive Information',
  'AML.M0014': 'Verify AI Artifacts',
  'AML.M0016': 'Vulnerability Scanning',
  'AML.M0019': 'Control Access to AI Models and Data in Production',
  'AML.M0024': 'AI Telemetry Logging',
};

/**
 * Controls with no ATLAS mitigation, and why. A mapping that does not hold would mislead an
 * auditor more than an absent one; the docs print the reason instead.
 */
export const NO_ATLAS_MITIGATION: Readonly<Record<string, string>> = {
  'endpoint-multiple-instances':
    'Redundancy is an availability measure; no ATLAS mitigation covers it (those listed against AML.T0029 Denial of AI Service limit queries and resource use per request instead).',
};
