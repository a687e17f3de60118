package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * The VM provider and the UpCloud API.
 *
 * @param provider static (no network) or upcloud
 * @param apiUrl UpCloud API base URL, including the version path
 * @param token UpCloud API token from {@code UPCLOUD_TOKEN} only; null when unset
 * @param vmName the controlled VM's name or UUID; null when unset (no VM listeners)
 * @param vmActionTimeout how long VM start/stop polls through maintenance before giving up
 * @param statePollInterval pause between server state polls
 */
public record UpCloudConfig(
    Provider provider,
    URI apiUrl,
    Secret token,
    String vmName,
    Duration vmActionTimeout,
    Duration statePollInterval) {

  public UpCloudConfig {
    requireNonNull(provider, "provider is null");
    requireNonNull(apiUrl, "apiUrl is null");
    Checks.nullOrNonBlank(vmName, "vmName");
    Checks.positive(vmActionTimeout, "vmActionTimeout");
    Checks.positive(statePollInterval, "statePollInterval");
  }

  /** The static provider with no token and no VM name, as {@code --self-test} runs. */
  public UpCloudConfig staticWithoutNames() {
    return new UpCloudConfig(
        Provider.STATIC, apiUrl, null, null, vmActionTimeout, statePollInterval);
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }
}
