import { ZOHO_DATA_CENTRES } from './zoho-data-centres.ts';

/**
 * Where the client may send its OAuth token when Zoho hands it a whole URL (a Bulk Write job's
 * `result.download_url`): Zoho serves results from a download host of the org's data centre
 * (reference §5: `https://download-accl.zoho.com/v2/crm/{zgid}/bulk-write/{job}/{job}.zip`), not
 * from the API domain, so the API origin alone is not enough; any other host would receive a token
 * that can read and write the whole CRM. Pure.
 */

/**
 * The data centre's download host, `download-accl.` + the domain of its accounts server (zoho.com,
 * zoho.eu, zohocloud.ca…). The reference quotes the US host; the others follow the same pattern
 * (UNCONFIRMED for CA, SA, CN): a wrong guess refuses a download, it never sends the token elsewhere.
 */
export function downloadHostOf(accountsUrl: string): string {
  return `download-accl.${new URL(accountsUrl).hostname.replace(/^accounts\./, '')}`;
}

/** The hosts one data centre serves: API (production, sandbox, developer), Bulk Write upload, result download. */
function centreHosts(): Array<{ api: Set<string>; download: string }> {
  return Object.values(ZOHO_DATA_CENTRES).map((c) => ({
    api: new Set([...['www', 'sandbox', 'developer'].map((env) => `${env}.zohoapis.${c.tld}`), new URL(c.upload).hostname]),
    download: downloadHostOf(c.accounts),
  }));
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export type TokenDestination = { allowed: true } | { allowed: false; host: string; reason: string };

/**
 * `url` may receive the token when it is on an origin the client already calls (the API base: the
 * configured API URL, else the token's api_domain — the emulator's own origin in tests and demos —
 * or the upload base), or over https on the download host of the data centre those belong to.
 */
export function tokenDestination(url: string, known: { apiBase: string; uploadBase: string }): TokenDestination {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { allowed: false, host: '(not a URL)', reason: 'not an absolute URL' };
  }
  const origins = [known.apiBase, known.uploadBase].map(originOf);
  if (origins.includes(target.origin)) return { allowed: true };
  const ownHosts = [known.apiBase, known.uploadBase].flatMap((u) => (originOf(u)?.startsWith('https:') ? [new URL(u).hostname] : []));
  const centre = centreHosts().find((c) => ownHosts.some((h) => c.api.has(h)));
  if (!centre) return { allowed: false, host: target.host, reason: `not the API's origin, and ${known.apiBase} is no Zoho data centre's API domain` };
  if (target.protocol === 'https:' && target.port === '' && target.hostname === centre.download) return { allowed: true };
  return { allowed: false, host: target.host, reason: `neither the API's origin nor ${centre.download} (the data centre's download host over https)` };
}
