import { readFileSync } from 'node:fs';
import { httpEnv, kafkaEnv } from '@panda2zoho/config';
import { z } from 'zod';
import { DEFAULT_CARRIER_SYNONYMS, parseCarrierSynonyms } from './domain/insurance-carrier.ts';
import { parseToothNumbering, type ToothNumbering } from './domain/tooth-numbers.ts';

/** "loc1:FDI,loc2:UNIVERSAL" → location → numbering; an unknown numbering fails the config (no value echoed beyond the scheme). */
export function parseToothNumberingByLocation(text: string): Record<string, ToothNumbering> {
  const out: Record<string, ToothNumbering> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const at = pair.lastIndexOf(':');
    const numbering = parseToothNumbering(at > 0 ? pair.slice(at + 1) : null);
    if (at <= 0 || typeof numbering !== 'string') throw new Error('every entry is <locationId>:<Universal|FDI|Palmer>');
    out[pair.slice(0, at).trim()] = numbering;
  }
  return out;
}

const toothNumberingEnv = z
  .string()
  .default('')
  .transform((text, ctx) => {
    try {
      return parseToothNumberingByLocation(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const carrierSynonymsEnv = z
  .string()
  .optional()
  .transform((text, ctx) => {
    try {
      return text ? parseCarrierSynonyms(text) : undefined;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

export const normalizerConfigSchema = z
  .object({
    ...kafkaEnv,
    ...httpEnv,
    /** IANA zone of the practice: source wall-clock times are read in it (DST-correct offsets). */
    PRACTICE_TIME_ZONE: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'not an IANA time zone')
      .default('America/New_York'),
    /** ISO 3166 country for phone numbers written without a country code. */
    PRACTICE_COUNTRY: z.string().regex(/^[A-Z]{2}$/).default('US'),
    /** A person without a last name (Zoho requires Last_Name): placeholder "(unknown)" + issue, or dead-letter. */
    NORMALIZER_MISSING_LAST_NAME: z.enum(['dead-letter', 'placeholder']).optional(),
    /** Deprecated name of NORMALIZER_MISSING_LAST_NAME (still read). */
    MISSING_LAST_NAME_POLICY: z.enum(['dead-letter', 'placeholder']).optional(),
    /** A value longer than its Zoho field: `note` (shortened with a marker + the full value as an overflow_note) or `truncate` (+ issue). */
    NORMALIZER_OVERLONG: z.enum(['note', 'truncate']).default('note'),
    /** Numbering per location when an exam does not declare it: "loc1:FDI,loc2:Universal". Default Universal. */
    NORMALIZER_TOOTH_NUMBERING: toothNumberingEnv,
    /** Carrier synonyms "Canonical=spelling|spelling;…" replacing the shipped list. */
    NORMALIZER_CARRIER_SYNONYMS: carrierSynonymsEnv,
    /** Or a JSON file {"Canonical": ["spelling", …]} replacing the shipped list. */
    NORMALIZER_CARRIER_SYNONYMS_FILE: z.string().optional(),
    /** SSN (and other `excluded` columns): dropped, or the SSN replaced by an HMAC token. */
    NORMALIZER_SSN: z.enum(['drop', 'tokenise']).default('drop'),
    /**
     * `on` (default): follow `<ns>.control.mapping.v1` (MappingGate) and stamp the confirmed field map's
     * version on every RecordNormalized, so the writer refuses records of another map; `off`: unstamped.
     */
    P2Z_MAPPING_GATE: z.enum(['on', 'off']).default('on'),
    /** HMAC secret for NORMALIZER_SSN=tokenise (≥16 chars); never logged. */
    NORMALIZER_SSN_SECRET: z.string().min(16).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NORMALIZER_SSN === 'tokenise' && !env.NORMALIZER_SSN_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['NORMALIZER_SSN_SECRET'], message: 'required when NORMALIZER_SSN=tokenise' });
    }
  });

export type NormalizerConfig = z.infer<typeof normalizerConfigSchema>;

export function missingLastNamePolicy(config: NormalizerConfig): 'dead-letter' | 'placeholder' {
  return config.NORMALIZER_MISSING_LAST_NAME ?? config.MISSING_LAST_NAME_POLICY ?? 'dead-letter';
}

/** The synonym table in force: env, else file, else the shipped default. */
export function carrierSynonymTable(config: NormalizerConfig): Readonly<Record<string, readonly string[]>> {
  if (config.NORMALIZER_CARRIER_SYNONYMS) return config.NORMALIZER_CARRIER_SYNONYMS;
  if (config.NORMALIZER_CARRIER_SYNONYMS_FILE) {
    const parsed: unknown = JSON.parse(readFileSync(config.NORMALIZER_CARRIER_SYNONYMS_FILE, 'utf8'));
    const table = z.record(z.string(), z.array(z.string())).safeParse(parsed);
    if (!table.success) throw new Error('NORMALIZER_CARRIER_SYNONYMS_FILE: expected {"Canonical": ["spelling", …]}');
    return table.data;
  }
  return DEFAULT_CARRIER_SYNONYMS;
}
