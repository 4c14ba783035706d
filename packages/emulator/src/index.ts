/**
 * `@lifeline/emulator`: a local Microsoft Graph and Entra ID for change-notification
 * subscriptions. It issues tokens (managed identity tokens too), serves the subscription API with
 * the real checks, handshakes, errors and limits, sends lifecycle notifications with signed
 * validation tokens, injects faults on request, and runs on a clock that tests can move.
 *
 * ```ts
 * const emulator = await startEmulator({ clock: { frozen: true } });
 * const cloud = customCloud(emulator.cloud); // from @lifeline/core
 * await emulator.close();
 * ```
 *
 * @packageDocumentation
 */
export {
  type AdminClient,
  type ClockStep,
  type ClockView,
  createAdminClient,
  EmulatorAdminError,
  type EmulatorInfo,
  type RecordFilter,
} from './admin/client.js';
export type {
  ManagedIdentitiesView,
  ManagedIdentityEnvironment,
} from './admin/managed-identities-routes.js';
export type { AppDescription, SubscriptionView } from './admin/views.js';
export { createEmulatorApp } from './app.js';
export { type EmulatorCliOptions, runEmulatorCli } from './cli.js';
export { type ClockOptions, createClock, type EmulatorClock } from './clock.js';
export { type EmulatedCloud, type EmulatedCloudName, emulatedClouds } from './clouds.js';
export type { EmulatorEnv } from './context.js';
export type { DelegatedToken, DelegatedTokenInput } from './entra/delegated.js';
export type { DeviceCodeState, DeviceCodeView } from './entra/device-codes.js';
export type {
  ManagedIdentityRegistration,
  ManagedIdentityType,
  ManagedIdentityView,
} from './entra/managed-identities.js';
export type { AccountKind, SignedInUser, SignInInput } from './entra/sign-in.js';
export type { FaultAction, FaultInput, FaultRule } from './faults/rules.js';
export { changeTrackingAppId } from './lifecycle/payload.js';
export { nextChallengeAt } from './lifecycle/schedule.js';
export {
  type EmulatorMsalConfiguration,
  type MsalConfigurationOptions,
  type MsalTarget,
  msalConfiguration,
} from './msal.js';
export { type NotificationReceiver, startNotificationReceiver } from './receiver.js';
export type {
  CallOperation,
  CallRecord,
  DeliveryAttempt,
  DeliveryCause,
  DeliveryRecord,
  HandshakeRecord,
  LifecycleEvent,
  TokenRequestRecord,
} from './records.js';
export {
  type AppCredentials,
  type AppRegistration,
  type CertificateAppCredentials,
  defaultTenantId,
  type EmulatorSeed,
  loadSeed,
  type SecretAppCredentials,
  type SeedApp,
  type SeededApps,
} from './seed.js';
export {
  type EmulatorCloud,
  type RunningEmulator,
  type StartEmulatorOptions,
  startEmulator,
} from './server.js';
export {
  defaultSettings,
  type EmulatorSettings,
  type SettingsPatch,
  type ThrottleLimit,
} from './settings.js';
export { createEmulatorState, type EmulatorState, type EmulatorStateOptions } from './state.js';
