// Zoho's error vocabulary (reference §2.1, shapes from Zoho's OAS v8 examples) as plain builders,
// plus an exception type that carries the HTTP status so services can stay free of HTTP plumbing.

export type Details = Record<string, unknown>;

export interface ZohoErrorBody {
  code: string;
  details: Details;
  message: string;
  status: 'error';
}

export function zohoError(code: string, message: string, details: Details = {}): ZohoErrorBody {
  return { code, details, message, status: 'error' };
}

/** Thrown by services for whole-request failures; the HTTP layer turns it into a response. */
export class ZohoApiError extends Error {
  readonly httpStatus: number;
  readonly body: unknown;

  constructor(httpStatus: number, body: ZohoErrorBody | { data: ZohoErrorBody[] }) {
    super('code' in body ? body.code : (body.data[0]?.code ?? 'ERROR'));
    this.httpStatus = httpStatus;
    this.body = body;
  }
}

export const errors = {
  invalidModule: () =>
    zohoError('INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }),
  invalidUrlPattern: () =>
    zohoError('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'),
  requiredParamMissing: (paramName: string) =>
    zohoError('REQUIRED_PARAM_MISSING', 'required param is missing', { param_name: paramName }),
  invalidParam: (paramName: string, extra: Details = {}) =>
    zohoError('INVALID_DATA', 'invalid data', { param_name: paramName, ...extra }),
  limitExceeded: (paramName: string, limit: number) =>
    zohoError('LIMIT_EXCEEDED', 'limit exceeded', { limit, param_name: paramName }),
  authenticationFailure: () => zohoError('AUTHENTICATION_FAILURE', 'Authentication failed'),
  // Exact body observed from Zoho for stale tokens (github.com/solspace/craft-freeform/issues/1372).
  invalidToken: () => zohoError('INVALID_TOKEN', 'invalid oauth token'),
  // Exact message text is UNCONFIRMED (reference §7); wording taken from DOCS8/status-codes.
  tooManyRequests: () =>
    zohoError(
      'TOO_MANY_REQUESTS',
      'number of API requests for the 24 hour period is exceeded or the concurrency limit of the user for the app is exceeded',
    ),
  internalError: () => zohoError('INTERNAL_ERROR', 'Internal Server Error'),
  invalidJson: () => zohoError('INVALID_DATA', 'the input data is not a valid JSON', {}),
};

/** Per-record error items (positional results of writes). */
export const itemErrors = {
  mandatoryNotFound: (apiName: string, jsonPath: string) =>
    zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: apiName, json_path: jsonPath }),
  invalidType: (apiName: string, expected: string, jsonPath: string) =>
    zohoError('INVALID_DATA', 'invalid data', { api_name: apiName, expected_data_type: expected, json_path: jsonPath }),
  tooLong: (apiName: string, maximumLength: number, jsonPath: string) =>
    zohoError('INVALID_DATA', 'invalid data', { api_name: apiName, maximum_length: maximumLength, json_path: jsonPath }),
  unknownField: (apiName: string, jsonPath: string) =>
    zohoError('INVALID_DATA', 'the field api name given seems to be invalid', { api_name: apiName, json_path: jsonPath }),
  readOnlyField: (apiName: string, jsonPath: string) =>
    zohoError('INVALID_DATA', 'the field is read only', { api_name: apiName, json_path: jsonPath }),
  invalidReference: (apiName: string, jsonPath: string) =>
    zohoError('INVALID_DATA', 'the related id given seems to be invalid', { api_name: apiName, json_path: jsonPath }),
  invalidRecordId: (jsonPath: string) =>
    zohoError('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'id', json_path: jsonPath }),
};
