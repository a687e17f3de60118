package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

/**
 * Checks that need the mode: credentials and names that only some modes use. Kept out of {@link
 * SettingsLoader} so that help, version, self-test and the static provider never ask for secrets.
 */
public final class ModeRequirements {
  private ModeRequirements() {}

  /** Checks {@code settings} for the mode its own flags selected. */
  public static void verify(Settings settings) {
    requireNonNull(settings, "settings is null");
    verify(settings, settings.mode());
  }

  /**
   * @throws ConfigException one line naming what is missing and where to set it
   */
  public static void verify(Settings settings, WorkerMode mode) {
    requireNonNull(settings, "settings is null");
    requireNonNull(mode, "mode is null");
    boolean upcloud = settings.upcloud().provider() == Provider.UPCLOUD;
    switch (mode) {
      case LISTENER -> {
        if (settings.events().eventsUrl() == null) {
          throw new ConfigException(
              "--events-url is required in listener mode (or set BUS_EVENTS_API_URL)");
        }
        if (settings.events().apiToken() == null) {
          throw new ConfigException(
              "BUS_API_TOKEN is not set: listener mode needs a Bus API token (BUS_API_TOKEN,"
                  + " BUS_API_TOKEN_FILE or the systemd credential bus-api-token)");
        }
        if (settings.events().tokenRefresh() && settings.events().apiToken().file().isEmpty()) {
          throw new ConfigException(
              "BUS_EVENTS_TOKEN_REFRESH needs the Bus API token in a file (BUS_API_TOKEN_FILE or"
                  + " the systemd credential bus-api-token): BUS_API_TOKEN cannot change while the"
                  + " worker runs");
        }
        requireUpCloudListeners(settings, upcloud);
      }
      case LOCAL -> requireUpCloudListeners(settings, upcloud);
      case CHECK_VM_STATUS -> {
        if (upcloud) {
          requireUpCloudToken(settings);
          if (settings.upcloud().vmName() == null) {
            throw new ConfigException(
                "--check-vm-status needs --vm-name (or UPCLOUD_VM_NAME) with --provider upcloud");
          }
        }
      }
      case HELP, VERSION, EVENTS, SELF_TEST, CHECK_CONFIG -> {
        // these read no credentials and call no provider
      }
    }
  }

  private static void requireUpCloudListeners(Settings settings, boolean upcloud) {
    if (!upcloud) {
      return;
    }
    requireUpCloudToken(settings);
    Modes modes = Modes.of(settings);
    if (modes.none()) {
      throw new ConfigException(
          "--provider upcloud needs --vm-name or --container-runner-name (or UPCLOUD_VM_NAME,"
              + " UPCLOUD_CONTAINER_RUNNER_NAME): nothing to serve");
    }
    if (modes.runnerAdmin() && settings.container().runnerName() == null) {
      throw new ConfigException(
          "--runner-admin needs --container-runner-name (or UPCLOUD_CONTAINER_RUNNER_NAME) with"
              + " --provider upcloud");
    }
  }

  private static void requireUpCloudToken(Settings settings) {
    if (settings.upcloud().token() == null) {
      throw new ConfigException(
          "UPCLOUD_TOKEN is not set: --provider upcloud needs an UpCloud API token (UPCLOUD_TOKEN,"
              + " UPCLOUD_TOKEN_FILE or the systemd credential upcloud-token)");
    }
  }
}
