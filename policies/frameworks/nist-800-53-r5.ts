// NIST SP 800-53 Revision 5 controls the baseline maps to: id -> the control name as the
// catalog states it (SP 800-53 r5, Chapter Three). Only ids a control uses are listed; a test
// checks that every mapping names one of these.

export const NIST_800_53_R5_URL = 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final';

export const NIST_800_53_R5: Readonly<Record<string, string>> = {
  'AC-3': 'Access Enforcement',
  'AC-4': 'Information Flow Enforcement',
  'AC-6': 'Least Privilege',
  'AU-12': 'Audit Record Generation',
  'CA-7': 'Continuous Monitoring',
  'CM-2': 'Baseline Configuration',
  'CM-3': 'Configuration Change Control',
  'CM-7': 'Least Functionality',
  'IA-5': 'Authenticator Management',
  'RA-5': 'Vulnerability Monitoring and Scanning',
  'SC-5': 'Denial-of-service Protection',
  'SC-7': 'Boundary Protection',
  'SC-8': 'Transmission Confidentiality and Integrity',
  'SC-12': 'Cryptographic Key Establishment and Management',
  'SC-13': 'Cryptographic Protection',
  'SC-28': 'Protection of Information at Rest',
  'SC-36': 'Distributed Processing and Storage',
  'SI-2': 'Flaw Remediation',
  'SI-4': 'System Monitoring',
  'SI-7': 'Software, Firmware, and Information Integrity',
  'SR-3': 'Supply Chain Controls and Processes',
};
