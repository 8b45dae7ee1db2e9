// The Azure clouds `audit azure` knows: each one's Resource Manager base URL, its sign-in authority and the
// token audience ARM accepts. `--endpoint-url` replaces the ARM base URL (a simulator, a private endpoint).

export interface AzureCloud {
  readonly name: string;
  readonly resourceManager: string;
  readonly authorityHost: string;
  /** The scope a token for ARM is requested for. */
  readonly tokenScope: string;
}

export const AZURE_CLOUDS: Readonly<Record<string, AzureCloud>> = {
  AzureCloud: {
    name: 'AzureCloud',
    resourceManager: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    tokenScope: 'https://management.core.windows.net/.default',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    resourceManager: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    tokenScope: 'https://management.core.usgovcloudapi.net/.default',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    resourceManager: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    tokenScope: 'https://management.core.chinacloudapi.cn/.default',
  },
};

export class AzureAuditOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AzureAuditOptionsError';
  }
}

export function azureCloud(name: string | undefined): AzureCloud {
  const cloud = AZURE_CLOUDS[name ?? 'AzureCloud'];
  if (!cloud) throw new AzureAuditOptionsError(`unknown Azure cloud "${name}": use one of ${Object.keys(AZURE_CLOUDS).join(', ')}`);
  return cloud;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/i;

/** True for a URL on this machine: the only place a bearer token may travel over plain http. */
export function isLoopback(url: URL): boolean {
  return LOOPBACK.test(url.hostname) || url.hostname === '::1';
}

/** The ARM base URL from --endpoint-url: https anywhere, plain http only on a loopback address. */
export function armBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AzureAuditOptionsError(`--endpoint-url must be an absolute URL such as https://management.azure.com or http://127.0.0.1:8443, got "${value}"`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url)) return url;
  if (url.protocol === 'http:')
    throw new AzureAuditOptionsError(`--endpoint-url ${value} uses plain http on a host that is not this machine: bearer tokens would travel unencrypted. Use https, or http only with 127.0.0.1, localhost or [::1].`);
  throw new AzureAuditOptionsError(`--endpoint-url must use https (or http on a loopback address), got "${value}"`);
}
