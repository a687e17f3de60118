package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Option.value;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The provider, the UpCloud API and the controlled VM. */
final class UpCloudOptions {
  private UpCloudOptions() {}

  static final Option<Provider> PROVIDER =
      value(
          HelpSection.UPCLOUD,
          "--provider",
          "BUS_UPCLOUD_PROVIDER",
          "static|upcloud",
          "static",
          (raw, flag) -> Provider.parse(raw),
          "VM and runner provider. static answers deterministically without network calls.");
  static final Option<URI> UPCLOUD_API_URL =
      value(
          HelpSection.UPCLOUD,
          "--upcloud-api-url",
          "UPCLOUD_API_BASE_URL",
          "url",
          "https://api.upcloud.com/1.3",
          Conversions::url,
          "UpCloud API base URL. Change it only for a compatible endpoint.");

  /** Read through {@link SecretSources}, with its file and credential alternatives. */
  static final Option<String> UPCLOUD_TOKEN =
      value(
          HelpSection.UPCLOUD,
          null,
          "UPCLOUD_TOKEN",
          "token",
          null,
          Conversions::text,
          "UpCloud API token. Environment only; required with --provider upcloud (or"
              + " UPCLOUD_TOKEN_FILE, or the systemd credential upcloud-token).");

  static final Option<String> UPCLOUD_TOKEN_FILE =
      value(
          HelpSection.UPCLOUD,
          null,
          "UPCLOUD_TOKEN_FILE",
          "path",
          null,
          Conversions::text,
          "File holding the UpCloud API token, instead of UPCLOUD_TOKEN; re-read when UpCloud"
              + " answers 401. A systemd credential named upcloud-token is read the same way.");
  static final Option<String> VM_NAME =
      value(
          HelpSection.UPCLOUD,
          "--vm-name",
          "UPCLOUD_VM_NAME",
          "name-or-uuid",
          null,
          Conversions::optionalText,
          "UpCloud server name or UUID of the VM. When set, the worker serves VM status, start and"
              + " stop.");
  static final Option<Duration> VM_ACTION_TIMEOUT =
      value(
          HelpSection.UPCLOUD,
          "--vm-action-timeout",
          "UPCLOUD_VM_ACTION_TIMEOUT",
          "duration",
          "45s",
          Conversions::positiveDuration,
          "How long VM start and stop poll through maintenance and SERVER_STATE_ILLEGAL before"
              + " answering a timeout.");
  static final Option<Duration> UPCLOUD_POLL_INTERVAL =
      value(
          HelpSection.UPCLOUD,
          "--upcloud-poll-interval",
          "UPCLOUD_POLL_INTERVAL",
          "duration",
          "5s",
          Conversions::positiveDuration,
          "Pause between UpCloud server state polls.");

  static final List<Option<?>> ALL =
      List.of(
          PROVIDER,
          UPCLOUD_API_URL,
          UPCLOUD_TOKEN,
          UPCLOUD_TOKEN_FILE,
          VM_NAME,
          VM_ACTION_TIMEOUT,
          UPCLOUD_POLL_INTERVAL);

  static UpCloudConfig load(Inputs in) {
    return new UpCloudConfig(
        in.value(PROVIDER),
        in.value(UPCLOUD_API_URL),
        SecretSources.resolve(in, UPCLOUD_TOKEN.def(), UPCLOUD_TOKEN_FILE.def(), "upcloud-token"),
        in.value(VM_NAME),
        in.value(VM_ACTION_TIMEOUT),
        in.value(UPCLOUD_POLL_INTERVAL));
  }
}
