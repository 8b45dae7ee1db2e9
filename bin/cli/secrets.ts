// Credentials written into a URL (http://user:secret@host) on the command line or in the environment
// (--endpoint-url, AWS_ENDPOINT_URL, HTTPS_PROXY, ...) are never echoed: every line the CLI writes,
// and every report it renders, goes through `redact`.

/** The URL without its user name and password, for messages. */
export function withoutCredentials(text: string): string {
  try {
    const url = new URL(text);
    if (url.username === '' && url.password === '') return text;
    url.username = '';
    url.password = '';
    return url.toString().replace('//', '//***@');
  } catch {
    return text;
  }
}

function urlSecrets(value: string): string[] {
  // `--flag=value` and bare values alike.
  const candidate = value.slice(value.indexOf('=') + 1 > 0 && value.startsWith('--') ? value.indexOf('=') + 1 : 0);
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i.exec(candidate.trim());
  if (!match) return [];
  const userinfo = match[1];
  const secrets = [userinfo];
  const colon = userinfo.indexOf(':');
  const password = colon < 0 ? '' : userinfo.slice(colon + 1);
  // The password alone too (raw and decoded), when it is long enough not to match ordinary text.
  for (const form of [password, safeDecode(password)]) if (form.length >= 4) secrets.push(form);
  return secrets;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The secrets to hide: credentials in any URL among the arguments or environment values. */
export function secretsIn(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const values = [...argv, ...Object.values(env).filter((v): v is string => typeof v === 'string')];
  // Longest first, so a userinfo is replaced whole before its password alone.
  return [...new Set(values.flatMap(urlSecrets))].sort((a, b) => b.length - a.length);
}

export function redactor(secrets: readonly string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}
