import { PermanentError } from '@panda2zoho/kafka';
import type { ZohoClient } from '@panda2zoho/zoho';
import { CONTACT_CUSTOM_FIELDS, CONTACTS_MODULE } from '../domain/contact-mapping.ts';

/** Creates the custom fields the migration writes, when the org does not have them yet. Idempotent. */
export async function provisionContactFields(zoho: ZohoClient): Promise<string[]> {
  const existing = new Set((await zoho.fields(CONTACTS_MODULE)).map((f) => f.api_name));
  const missing = CONTACT_CUSTOM_FIELDS.filter((f) => !existing.has(f.api_name));
  if (missing.length === 0) return [];
  const results = await zoho.createFields(
    CONTACTS_MODULE,
    missing.map(({ api_name: _apiName, ...definition }) => definition),
  );
  const failed = results.filter((r) => r.status !== 'success' && r.code !== 'DUPLICATE_DATA');
  if (failed.length > 0) throw new PermanentError('ZOHO_PROVISIONING_FAILED', `creating Contacts fields failed: ${failed.map((f) => f.code).join(', ')}`);
  return missing.map((f) => f.api_name);
}
