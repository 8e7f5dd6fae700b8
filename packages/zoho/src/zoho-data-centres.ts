/** Zoho's data centres (reference §1.1): accounts server, API domain per environment, Bulk Write upload host. */
export const ZOHO_DATA_CENTRES = {
  us: { accounts: 'https://accounts.zoho.com', tld: 'com', upload: 'https://content.zohoapis.com' },
  eu: { accounts: 'https://accounts.zoho.eu', tld: 'eu', upload: 'https://content.zohoapis.eu' },
  in: { accounts: 'https://accounts.zoho.in', tld: 'in', upload: 'https://content.zohoapis.in' },
  au: { accounts: 'https://accounts.zoho.com.au', tld: 'com.au', upload: 'https://content.zohoapis.com.au' },
  jp: { accounts: 'https://accounts.zoho.jp', tld: 'jp', upload: 'https://content.zohoapis.jp' },
  ca: { accounts: 'https://accounts.zohocloud.ca', tld: 'ca', upload: 'https://upload.zohocloud.ca' },
  sa: { accounts: 'https://accounts.zoho.sa', tld: 'sa', upload: 'https://files.zoho.sa' },
  cn: { accounts: 'https://accounts.zoho.com.cn', tld: 'com.cn', upload: 'https://content.zohoapis.com.cn' },
} as const;

export type ZohoDataCentre = keyof typeof ZOHO_DATA_CENTRES;
export type ZohoEnvironment = 'production' | 'sandbox' | 'developer';

export interface ZohoEndpoints {
  accountsUrl: string;
  /** Set for sandbox/developer orgs (their own API host); production follows the token's api_domain. */
  apiUrl?: string;
  uploadUrl: string;
}

export function zohoEndpoints(dc: ZohoDataCentre, environment: ZohoEnvironment = 'production'): ZohoEndpoints {
  const centre = ZOHO_DATA_CENTRES[dc];
  const prefix = environment === 'production' ? undefined : environment;
  return {
    accountsUrl: centre.accounts,
    ...(prefix ? { apiUrl: `https://${prefix}.zohoapis.${centre.tld}` } : {}),
    uploadUrl: centre.upload,
  };
}
