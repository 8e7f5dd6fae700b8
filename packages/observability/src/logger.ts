import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

/**
 * Field names that carry patient data (PHI). Any log object holding one of these keys, at the top
 * level or up to three levels down, is censored. Code should not log records at all; this is the
 * net under that rule.
 */
export const PHI_FIELDS = [
  'firstName', 'lastName', 'middleName', 'preferredName', 'fullName', 'name',
  'dateOfBirth', 'dob', 'birthDate', 'phone', 'homePhone', 'mobilePhone', 'workPhone',
  'phoneE164', 'mobileE164', 'email', 'ssn', 'notes', 'note', 'address', 'addressLine1',
  'addressLine2', 'street', 'patient', 'row', 'before', 'after', 'record', 'records', 'guarantor', 'guarantorName',
  'First_Name', 'Last_Name', 'Email', 'Phone', 'Mobile', 'Date_of_Birth', 'Mailing_Street', 'Description', 'PANDA_Guarantor',
] as const;

/** Secrets: OAuth material and credentials. */
export const SECRET_FIELDS = [
  'access_token', 'accessToken', 'refresh_token', 'refreshToken', 'client_secret', 'clientSecret',
  'authorization', 'Authorization', 'password', 'token',
] as const;

function redactPaths(): string[] {
  const keys = [...PHI_FIELDS, ...SECRET_FIELDS];
  return keys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);
}

export function createLogger(options: { service: string; level?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
