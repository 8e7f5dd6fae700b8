export { ZohoAuth, type AccessToken, type ZohoCredentials } from './zoho-auth.ts';
export { ZohoClient, type ZohoClientOptions, type ZohoField, type ZohoItemResult } from './zoho-client.ts';
export { zohoEnv, zohoCredentialsFrom } from './zoho-env.ts';
