export { ZohoAuth, type AccessToken, type ZohoCredentials } from './zoho-auth.ts';
export { ZohoClient, type CallInfo, type ZohoClientOptions, type ZohoField, type ZohoItemResult } from './zoho-client.ts';
export { codeLabel, endpointTemplate, type ZohoCall, type ZohoCallObserver, type ZohoCallResult } from './zoho-call-observer.ts';
export { createZohoMetrics, type ZohoMetricsOptions } from './zoho-metrics.ts';
export { zohoEnv, zohoCredentialsFrom } from './zoho-env.ts';
