export { type ApiClient, type ApiResponse, apiClient, jsonClient } from './api-client.ts';
export { checkedFetch, checkingAnswers, contractCheckEnabled, DOCUMENT_PATH } from './contract-checks.ts';
export { createTestDatabase } from './database.ts';
export { type EventuallyOptions, eventually } from './eventually.ts';
export { type InfraSource, type LocalKafka, startTestInfrastructure, type TestInfrastructure } from './infrastructure.ts';
export { canRestartKafka, restartKafka } from './kafka.ts';
export { collectEvents, type EventCollector, eventPublisher, type ReceivedEvent } from './kafka-events.ts';
export { type Exchange, type OpenApiContract, type OpenApiDocument, openApiContract } from './openapi-contract.ts';
export { type DateToSchedule, registerWhenOpen, scheduleSeminarDate } from './register.ts';
export { checkConstraintValues, expectNoSchemaDrift, type SchemaDrift, schemaDrift, uncheckedEnumColumns } from './schema-drift.ts';
export {
  backOfficePrincipal,
  municipalityPrincipal,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestServiceEnv,
} from './service-under-test.ts';
export {
  type ReceivedAttachment,
  type ReceivedMessage,
  type SmtpServerOptions,
  type SmtpTestServer,
  startSmtpServer,
  type WaitOptions,
} from './smtp.ts';
export {
  type BackofficeOptions,
  backofficeKey,
  freePort,
  type RunningBackoffice,
  type RunningSystem,
  SERVICES,
  type ServiceName,
  type StaffSeed,
  type SystemOptions,
  startSystem,
} from './system.ts';
export { startTestSystem, TEST_STAFF, type TestSystem } from './test-system.ts';
