/** Public surface of the EasyCars API client (no Strapi dependency). */
export {
  createEasyCarsClient,
  parseRetryAfter,
  backoffDelay,
  CONNECTION_TEST_EMAIL,
  TEST_CONNECTION_MESSAGES,
} from './client';
export type {
  EasyCarsClient,
  EasyCarsClientOptions,
  EasyCarsCredentials,
  EasyCarsEndpoint,
  RetryOptions,
  CallRecord,
  FetchLike,
  CreateLeadInput,
  UpdateLeadInput,
  SearchContactsInput,
  Warned,
  StockAnswer,
  StockFeed,
  StockFeedOptions,
  LeadNumbersAnswer,
  LeadDetailAnswer,
  SearchContactsAnswer,
  TestConnectionStage,
  TestConnectionOutcome,
} from './client';
export {
  EasyCarsError,
  AuthenticationError,
  ValidationError,
  SystemError,
  HttpError,
  TimeoutError,
  NetworkError,
  MalformedResponseError,
  isEasyCarsError,
} from './errors';
export type { EasyCarsErrorKind, EasyCarsErrorInit, AuthenticationStage } from './errors';
export {
  TokenCache,
  defaultTokenCache,
  tokenCacheKey,
  readJwtExp,
  decodeJwtPayload,
  DEFAULT_RENEW_EARLY_MS,
  DEFAULT_TOKEN_LIFETIME_MS,
} from './tokens';
export type { TokenCacheOptions, TokenKeyParts } from './tokens';
export {
  maskTail,
  redactBody,
  redactBodyBytes,
  redactJson,
  redactJsonText,
  redactUrl,
  redactHeaders,
  scrubSecrets,
  truncateBytes,
  REDACTED,
  MASK,
  DEFAULT_LOG_BODY_LIMIT,
} from './redact';
export type { RedactBodyOptions } from './redact';
export { rootOf } from './client';
export {
  ALLOWED_BASE_URLS_ENV,
  VENDOR_ORIGINS,
  allowedOrigins,
  baseUrlProblem,
  fetchFor,
  isInternalAddress,
  InternalAddressError,
} from './origin-policy';
export type { StockFeedItem } from './stock-list';
