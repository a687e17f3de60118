package com.busdk.upcloud.app.config;

import java.util.List;

/**
 * Every flag and environment variable the worker reads, in help order. Parsing, defaults and the
 * help text all come from this one table so that they cannot drift apart.
 */
final class OptionCatalog {
  private OptionCatalog() {}

  static final OptionDef HELP =
      new OptionDef(
          List.of("--help", "-h"),
          null,
          HelpSection.MODES,
          true,
          "bool",
          null,
          null,
          "Print this help and exit.");
  static final OptionDef VERSION = mode("--version", "Print the version and exit.");
  static final OptionDef EVENTS =
      mode(
          "--events",
          "Print the event names the configured mode consumes and publishes, then exit.");
  static final OptionDef SELF_TEST =
      mode(
          "--self-test",
          "Run an in-memory worker check and exit. Needs no network and no credentials.");
  static final OptionDef CHECK_VM_STATUS =
      mode(
          "--check-vm-status",
          "Print one VM status response through the selected provider and exit. With --provider"
              + " upcloud, UPCLOUD_TOKEN and a VM name are required.");
  static final OptionDef CHECK_CONFIG =
      mode("--check-config", "Validate the configuration for listener mode and exit.");
  static final OptionDef LOCAL =
      mode(
          "--local",
          "Serve requests from an embedded in-memory Events API on --local-port instead of a"
              + " remote one. Needs no BUS_API_TOKEN.");
  static final OptionDef ONCE =
      mode(
          "--once",
          "Process one event and exit. For diagnostics, not for long-running production workers.");
  static final OptionDef FORMAT =
      new OptionDef(
          List.of("--format"),
          null,
          HelpSection.MODES,
          false,
          "text|json",
          "text",
          null,
          "Output format of --events.");

  static final OptionDef EVENTS_URL =
      value(
          HelpSection.EVENTS,
          "--events-url",
          "BUS_EVENTS_API_URL",
          "url",
          null,
          "Bus Events API URL: the collection URL ending in /api/v1/events (a service root or"
              + " capability base gets /api/v1/events appended). Required in listener mode.");
  static final OptionDef EVENTS_GROUP =
      value(
          HelpSection.EVENTS,
          "--events-group",
          "BUS_EVENTS_GROUP",
          "group",
          "bus-integration-upcloud",
          "Unicast delivery group of the request streams. Replicas share one group.");
  static final OptionDef EVENTS_CONSUMER =
      new OptionDef(
          List.of("--events-consumer"),
          "BUS_EVENTS_CONSUMER",
          HelpSection.EVENTS,
          false,
          "id",
          null,
          "the host name, with characters other than letters, digits, '.', '_' and '-' replaced"
              + " by '-'",
          "Consumer id of this replica within the delivery group.");
  static final OptionDef API_TOKEN =
      envOnly(
          HelpSection.EVENTS,
          "BUS_API_TOKEN",
          "jwt",
          null,
          "Bearer token for the Bus Events API. Environment only; required in listener mode (or"
              + " BUS_API_TOKEN_FILE, or the systemd credential bus-api-token).");
  static final OptionDef API_TOKEN_FILE =
      envOnly(
          HelpSection.EVENTS,
          "BUS_API_TOKEN_FILE",
          "path",
          null,
          "File holding the Bus API token, instead of BUS_API_TOKEN. A systemd credential named"
              + " bus-api-token ($CREDENTIALS_DIRECTORY/bus-api-token, LoadCredential=) is read the"
              + " same way. Giving the token in two places is an error.");
  static final OptionDef LISTENER_RETRY =
      envOnly(
          HelpSection.EVENTS,
          "BUS_EVENTS_LISTENER_RETRY",
          "bool",
          "true",
          "Reconnect event streams after EOF or a network failure, with bounded backoff.");
  static final OptionDef LISTENER_RETRY_MIN =
      envOnly(
          HelpSection.EVENTS,
          "BUS_EVENTS_LISTENER_RETRY_MIN",
          "duration",
          "1s",
          "First reconnect delay.");
  static final OptionDef LISTENER_RETRY_MAX =
      envOnly(
          HelpSection.EVENTS,
          "BUS_EVENTS_LISTENER_RETRY_MAX",
          "duration",
          "30s",
          "Longest reconnect delay.");
  static final OptionDef LISTENER_REQUIRED =
      envOnly(
          HelpSection.EVENTS,
          "BUS_EVENTS_LISTENER_REQUIRED",
          "bool",
          "true",
          "A request stream that cannot be kept connected (refused, or failed for good) stops the"
              + " worker. When false the worker goes on without it and /readyz reports it.");
  static final OptionDef TOKEN_REFRESH =
      envOnly(
          HelpSection.EVENTS,
          "BUS_EVENTS_TOKEN_REFRESH",
          "bool",
          "false",
          "Re-read the Bus API token file on 401 and 403 and shortly before the token expires, and"
              + " reconnect with the new token, instead of stopping with exit code 3. Needs the"
              + " token in a file (BUS_API_TOKEN_FILE or the bus-api-token credential).");

  static final OptionDef PROVIDER =
      value(
          HelpSection.UPCLOUD,
          "--provider",
          "BUS_UPCLOUD_PROVIDER",
          "static|upcloud",
          "static",
          "VM and runner provider. static answers deterministically without network calls.");
  static final OptionDef UPCLOUD_API_URL =
      value(
          HelpSection.UPCLOUD,
          "--upcloud-api-url",
          "UPCLOUD_API_BASE_URL",
          "url",
          "https://api.upcloud.com/1.3",
          "UpCloud API base URL. Change it only for a compatible endpoint.");
  static final OptionDef UPCLOUD_TOKEN =
      envOnly(
          HelpSection.UPCLOUD,
          "UPCLOUD_TOKEN",
          "token",
          null,
          "UpCloud API token. Environment only; required with --provider upcloud (or"
              + " UPCLOUD_TOKEN_FILE, or the systemd credential upcloud-token).");
  static final OptionDef UPCLOUD_TOKEN_FILE =
      envOnly(
          HelpSection.UPCLOUD,
          "UPCLOUD_TOKEN_FILE",
          "path",
          null,
          "File holding the UpCloud API token, instead of UPCLOUD_TOKEN; re-read when UpCloud"
              + " answers 401. A systemd credential named upcloud-token is read the same way.");
  static final OptionDef VM_NAME =
      value(
          HelpSection.UPCLOUD,
          "--vm-name",
          "UPCLOUD_VM_NAME",
          "name-or-uuid",
          null,
          "UpCloud server name or UUID of the VM. When set, the worker serves VM status, start and"
              + " stop.");
  static final OptionDef VM_ACTION_TIMEOUT =
      value(
          HelpSection.UPCLOUD,
          "--vm-action-timeout",
          "UPCLOUD_VM_ACTION_TIMEOUT",
          "duration",
          "45s",
          "How long VM start and stop poll through maintenance and SERVER_STATE_ILLEGAL before"
              + " answering a timeout.");
  static final OptionDef UPCLOUD_POLL_INTERVAL =
      value(
          HelpSection.UPCLOUD,
          "--upcloud-poll-interval",
          "UPCLOUD_POLL_INTERVAL",
          "duration",
          "5s",
          "Pause between UpCloud server state polls.");

  static final OptionDef CONTAINER_RUNNER_NAME =
      value(
          HelpSection.CONTAINER,
          "--container-runner-name",
          "UPCLOUD_CONTAINER_RUNNER_NAME",
          "name-or-uuid",
          null,
          "UpCloud server name or UUID of the container runner. When set, the worker serves"
              + " container status, run and delete.");
  static final OptionDef CONTAINER_RUNNER_PROVISIONING =
      value(
          HelpSection.CONTAINER,
          "--container-runner-provisioning",
          "UPCLOUD_CONTAINER_RUNNER_PROVISIONING",
          "create|existing-only|adopt-existing",
          "create",
          "create: create the runner on demand. existing-only: never create or delete it; fail"
              + " when it is missing. adopt-existing: use an existing runner, never delete it.");
  static final OptionDef CONTAINER_CODEX_IMAGE =
      value(
          HelpSection.CONTAINER,
          "--container-codex-image",
          "UPCLOUD_CONTAINER_CODEX_IMAGE",
          "image",
          "docker.io/library/alpine:3.20",
          "Image for profile=codex run requests without an explicit image.");
  static final OptionDef CONTAINER_ZONE =
      value(
          HelpSection.CONTAINER,
          "--container-zone",
          "UPCLOUD_CONTAINER_ZONE",
          "zone",
          "fi-hel2",
          "Zone a new runner is created in.");
  static final OptionDef CONTAINER_PLAN =
      value(
          HelpSection.CONTAINER,
          "--container-plan",
          "UPCLOUD_CONTAINER_PLAN",
          "plan",
          "CLOUDNATIVE-1xCPU-4GB",
          "Server plan of a new runner.");
  static final OptionDef CONTAINER_OS =
      value(
          HelpSection.CONTAINER,
          "--container-os",
          "UPCLOUD_CONTAINER_OS",
          "template",
          "Ubuntu Server 24.04 LTS (Noble Numbat)",
          "OS template of a new runner's disk.");
  static final OptionDef CONTAINER_OS_STORAGE_SIZE =
      value(
          HelpSection.CONTAINER,
          "--container-os-storage-size",
          "UPCLOUD_CONTAINER_OS_STORAGE_SIZE",
          "gb",
          "0",
          "OS disk size in gigabytes; 0 keeps the provider default.");
  static final OptionDef CONTAINER_NETWORK_MODE =
      value(
          HelpSection.CONTAINER,
          "--container-network-mode",
          "UPCLOUD_CONTAINER_NETWORK_MODE",
          "private|public",
          "private",
          "Network attachment of a new runner.");
  static final OptionDef CONTAINER_PRIVATE_NETWORK =
      new OptionDef(
          List.of("--container-private-network"),
          "UPCLOUD_CONTAINER_PRIVATE_NETWORK_NAME",
          HelpSection.CONTAINER,
          false,
          "name-or-uuid",
          null,
          "ai-platform-private-<container-zone>",
          "Private network name or UUID; needed when private mode creates a runner.");
  static final OptionDef CONTAINER_PRIVATE_IP =
      value(
          HelpSection.CONTAINER,
          "--container-private-ip",
          "UPCLOUD_CONTAINER_PRIVATE_IP",
          "ipv4",
          null,
          "Private IPv4 address requested for the runner NIC.");
  static final OptionDef CONTAINER_SSH_KEYS =
      value(
          HelpSection.CONTAINER,
          "--container-ssh-keys",
          "UPCLOUD_CONTAINER_SSH_KEYS",
          "paths",
          null,
          "Space-separated SSH public key file paths; needed when creating a runner.");
  static final OptionDef CONTAINER_SSH_TARGET =
      value(
          HelpSection.CONTAINER,
          "--container-ssh-target",
          "UPCLOUD_CONTAINER_SSH_TARGET",
          "user@host",
          null,
          "SSH target to probe instead of discovering the runner's address.");
  static final OptionDef CONTAINER_SSH_USERS =
      value(
          HelpSection.CONTAINER,
          "--container-ssh-users",
          "UPCLOUD_CONTAINER_USERNAME_CANDIDATES",
          "users",
          "root ubuntu",
          "Space-separated user names tried during SSH target discovery.");
  static final OptionDef CONTAINER_RUN_NETWORK =
      value(
          HelpSection.CONTAINER,
          "--container-run-network",
          "UPCLOUD_CONTAINER_RUN_NETWORK",
          "mode",
          "slirp4netns",
          "Podman network mode of disposable runs.");
  static final OptionDef CONTAINER_RUN_TMPFS_SIZE =
      value(
          HelpSection.CONTAINER,
          "--container-run-tmpfs-size",
          "UPCLOUD_CONTAINER_RUN_TMPFS_SIZE",
          "size",
          "1g",
          "Size of the writable workdir tmpfs of a run.");
  static final OptionDef CONTAINER_RUN_READ_ONLY =
      toggle(
          HelpSection.CONTAINER,
          "--container-run-read-only",
          "UPCLOUD_CONTAINER_RUN_READ_ONLY",
          "true",
          "Read-only root filesystem for runs; turn off only for images that must write to it.");
  static final OptionDef CONTAINER_RUN_USER =
      value(
          HelpSection.CONTAINER,
          "--container-run-user",
          "UPCLOUD_CONTAINER_RUN_USER",
          "user",
          null,
          "User the disposable container runs as.");
  static final OptionDef CONTAINER_RUN_WORKDIR =
      value(
          HelpSection.CONTAINER,
          "--container-run-workdir",
          "UPCLOUD_CONTAINER_RUN_WORKDIR",
          "path",
          "/workspace",
          "Working directory inside the container.");
  static final OptionDef CONTAINER_RUN_TIMEOUT =
      value(
          HelpSection.CONTAINER,
          "--container-run-timeout",
          "UPCLOUD_CONTAINER_RUN_TIMEOUT",
          "duration",
          "30m",
          "Bound of one container run.");
  static final OptionDef CONTAINER_START_TIMEOUT =
      value(
          HelpSection.CONTAINER,
          "--container-start-timeout",
          "UPCLOUD_CONTAINER_START_TIMEOUT",
          "duration",
          "10m",
          "Bound of runner create, start and bootstrap.");

  static final OptionDef RUNNER_DNS_SERVERS =
      value(
          HelpSection.RUNNER,
          "--runner-dns-servers",
          "BUS_RUNNER_DNS_SERVERS",
          "ip,ip",
          null,
          "Comma-separated DNS server IP addresses for the runner. Empty disables the override.");
  static final OptionDef RUNNER_NETPLAN_MODE =
      value(
          HelpSection.RUNNER,
          "--runner-netplan-mode",
          "BUS_RUNNER_NETPLAN_MODE",
          "mac-match",
          "mac-match",
          "How bootstrap picks the netplan interface: mac-match matches the discovered NIC MAC"
              + " address, the only production safe mode.");
  static final OptionDef RUNNER_APPLY_NETPLAN =
      toggle(
          HelpSection.RUNNER,
          "--runner-apply-netplan",
          "BUS_RUNNER_APPLY_NETPLAN",
          "false",
          "Render and apply netplan before package installation during bootstrap.");
  static final OptionDef RUNNER_DELETE_STOP_FIRST =
      toggle(
          HelpSection.RUNNER,
          "--runner-delete-stop-first",
          "BUS_RUNNER_DELETE_STOP_FIRST",
          "true",
          "Stop the runner before deleting it unless it is already delete-ready.");
  static final OptionDef RUNNER_DELETE_READY_STATES =
      value(
          HelpSection.RUNNER,
          "--runner-delete-ready-states",
          "BUS_RUNNER_DELETE_READY_STATES",
          "states",
          "stopped",
          "Comma-separated lifecycle states in which delete proceeds.");
  static final OptionDef RUNNER_TRANSIENT_STATES =
      value(
          HelpSection.RUNNER,
          "--runner-transient-states",
          "BUS_RUNNER_TRANSIENT_STATES",
          "states",
          "maintenance,pending",
          "Comma-separated lifecycle states that delete polls through.");
  static final OptionDef RUNNER_DELETE_TIMEOUT =
      value(
          HelpSection.RUNNER,
          "--runner-delete-timeout",
          "BUS_RUNNER_DELETE_TIMEOUT",
          "duration",
          "10m",
          "Bound of a runner delete.");
  static final OptionDef RUNNER_DELETE_POLL_INTERVAL =
      value(
          HelpSection.RUNNER,
          "--runner-delete-poll-interval",
          "BUS_RUNNER_DELETE_POLL_INTERVAL",
          "duration",
          "5s",
          "Pause between state polls during delete.");
  static final OptionDef RUNNER_DELETE_STORAGE =
      toggle(
          HelpSection.RUNNER,
          "--runner-delete-storage",
          "BUS_RUNNER_DELETE_STORAGE",
          "true",
          "Delete the runner's storage with it (destructive); turn off to keep the disk for"
              + " inspection.");
  static final OptionDef RUNNER_SSH_READY_TIMEOUT =
      value(
          HelpSection.RUNNER,
          "--runner-ssh-ready-timeout",
          "BUS_RUNNER_SSH_READY_TIMEOUT",
          "duration",
          "10m",
          "Bound of the provider-state and SSH port readiness wait.");
  static final OptionDef RUNNER_SSH_READY_POLL_INTERVAL =
      value(
          HelpSection.RUNNER,
          "--runner-ssh-ready-poll-interval",
          "BUS_RUNNER_SSH_READY_POLL_INTERVAL",
          "duration",
          "5s",
          "Pause between readiness probes.");
  static final OptionDef RUNNER_ADMIN =
      toggle(
          HelpSection.RUNNER,
          "--runner-admin",
          "BUS_UPCLOUD_RUNNER_ADMIN",
          "false",
          "Also serve the protected runner status, start and delete events (the token needs"
              + " container:admin).");

  static final OptionDef STATE_DIR =
      new OptionDef(
          List.of("--state-dir"),
          "BUS_UPCLOUD_STATE_DIR",
          HelpSection.STATE,
          false,
          "dir",
          null,
          "$STATE_DIRECTORY when systemd sets it, else /var/lib/bus-integration-upcloud",
          "Directory of the run journal (journal.db, SQLite). It must exist and be writable."
              + " The local and self-test modes keep the journal in memory instead.");
  static final OptionDef JOURNAL_MAX_RUNS =
      value(
          HelpSection.STATE,
          "--journal-max-runs",
          "BUS_UPCLOUD_JOURNAL_MAX_RUNS",
          "n",
          "10000",
          "Finished runs the journal keeps; the oldest go first.");
  static final OptionDef JOURNAL_MAX_RUN_BYTES =
      value(
          HelpSection.STATE,
          "--journal-max-run-bytes",
          "BUS_UPCLOUD_JOURNAL_MAX_RUN_BYTES",
          "bytes",
          "256m",
          "Bytes of finished runs (with their capped output) the journal keeps.");
  static final OptionDef JOURNAL_MAX_ANSWERS =
      value(
          HelpSection.STATE,
          "--journal-max-answers",
          "BUS_UPCLOUD_JOURNAL_MAX_ANSWERS",
          "n",
          "10000",
          "Answers of run, delete, start, stop and admin requests kept for redelivery.");
  static final OptionDef JOURNAL_MAX_ANSWER_BYTES =
      value(
          HelpSection.STATE,
          "--journal-max-answer-bytes",
          "BUS_UPCLOUD_JOURNAL_MAX_ANSWER_BYTES",
          "bytes",
          "256m",
          "Bytes of answers kept for redelivery.");
  static final OptionDef CONTAINER_OUTPUT_LIMIT =
      value(
          HelpSection.STATE,
          "--container-output-limit",
          "BUS_UPCLOUD_CONTAINER_OUTPUT_LIMIT",
          "bytes",
          "1m",
          "Bytes of stdout, and as many of stderr, kept of one run; the rest is cut on the runner"
              + " and the answer says stdout_truncated or stderr_truncated.");

  static final OptionDef LOCAL_PORT =
      value(
          HelpSection.WORKER,
          "--local-port",
          "BUS_LOCAL_PORT",
          "port",
          "8081",
          "Port of the embedded Events API in --local mode; 0 picks a free port.");
  static final OptionDef HEALTH_LISTEN =
      new OptionDef(
          List.of("--health-listen"),
          "BUS_UPCLOUD_HEALTH_LISTEN",
          HelpSection.WORKER,
          false,
          "host:port",
          null,
          "off; in local mode 127.0.0.1 on the port after the embedded Events API's",
          "Serve GET /healthz, /readyz (200 while every request stream is connected) and /metrics"
              + " (Prometheus text format) on this address; port 0 picks a free one.");
  static final OptionDef MAX_IN_FLIGHT =
      value(
          HelpSection.WORKER,
          "--max-in-flight",
          "BUS_WORKER_MAX_IN_FLIGHT",
          "n",
          "16",
          "Requests handled at the same time; at least 1.");
  static final OptionDef SHUTDOWN_GRACE =
      value(
          HelpSection.WORKER,
          "--shutdown-grace",
          "BUS_WORKER_SHUTDOWN_GRACE",
          "duration",
          "30s",
          "Time in-flight requests get to answer when the worker stops.");
  static final OptionDef LOG_FORMAT =
      value(
          HelpSection.WORKER,
          "--log-format",
          "BUS_LOG_FORMAT",
          "text|json",
          "text",
          "Format of the log lines on stderr.");
  static final OptionDef LOG_LEVEL =
      value(
          HelpSection.WORKER,
          "--log-level",
          "BUS_LOG_LEVEL",
          "trace|debug|info|warn|error",
          "info",
          "Lowest logged level.");

  static final List<OptionDef> ALL =
      List.of(
          HELP,
          VERSION,
          EVENTS,
          SELF_TEST,
          CHECK_VM_STATUS,
          CHECK_CONFIG,
          LOCAL,
          ONCE,
          FORMAT,
          EVENTS_URL,
          EVENTS_GROUP,
          EVENTS_CONSUMER,
          API_TOKEN,
          API_TOKEN_FILE,
          LISTENER_RETRY,
          LISTENER_RETRY_MIN,
          LISTENER_RETRY_MAX,
          LISTENER_REQUIRED,
          TOKEN_REFRESH,
          PROVIDER,
          UPCLOUD_API_URL,
          UPCLOUD_TOKEN,
          UPCLOUD_TOKEN_FILE,
          VM_NAME,
          VM_ACTION_TIMEOUT,
          UPCLOUD_POLL_INTERVAL,
          CONTAINER_RUNNER_NAME,
          CONTAINER_RUNNER_PROVISIONING,
          CONTAINER_CODEX_IMAGE,
          CONTAINER_ZONE,
          CONTAINER_PLAN,
          CONTAINER_OS,
          CONTAINER_OS_STORAGE_SIZE,
          CONTAINER_NETWORK_MODE,
          CONTAINER_PRIVATE_NETWORK,
          CONTAINER_PRIVATE_IP,
          CONTAINER_SSH_KEYS,
          CONTAINER_SSH_TARGET,
          CONTAINER_SSH_USERS,
          CONTAINER_RUN_NETWORK,
          CONTAINER_RUN_TMPFS_SIZE,
          CONTAINER_RUN_READ_ONLY,
          CONTAINER_RUN_USER,
          CONTAINER_RUN_WORKDIR,
          CONTAINER_RUN_TIMEOUT,
          CONTAINER_START_TIMEOUT,
          RUNNER_DNS_SERVERS,
          RUNNER_NETPLAN_MODE,
          RUNNER_APPLY_NETPLAN,
          RUNNER_DELETE_STOP_FIRST,
          RUNNER_DELETE_READY_STATES,
          RUNNER_TRANSIENT_STATES,
          RUNNER_DELETE_TIMEOUT,
          RUNNER_DELETE_POLL_INTERVAL,
          RUNNER_DELETE_STORAGE,
          RUNNER_SSH_READY_TIMEOUT,
          RUNNER_SSH_READY_POLL_INTERVAL,
          RUNNER_ADMIN,
          STATE_DIR,
          JOURNAL_MAX_RUNS,
          JOURNAL_MAX_RUN_BYTES,
          JOURNAL_MAX_ANSWERS,
          JOURNAL_MAX_ANSWER_BYTES,
          CONTAINER_OUTPUT_LIMIT,
          LOCAL_PORT,
          HEALTH_LISTEN,
          MAX_IN_FLIGHT,
          SHUTDOWN_GRACE,
          LOG_FORMAT,
          LOG_LEVEL);

  private static OptionDef mode(String flag, String summary) {
    return new OptionDef(List.of(flag), null, HelpSection.MODES, true, "bool", null, null, summary);
  }

  private static OptionDef value(
      HelpSection section,
      String flag,
      String env,
      String label,
      String defaultValue,
      String summary) {
    return new OptionDef(List.of(flag), env, section, false, label, defaultValue, null, summary);
  }

  private static OptionDef toggle(
      HelpSection section, String flag, String env, String defaultValue, String summary) {
    return new OptionDef(List.of(flag), env, section, true, "bool", defaultValue, null, summary);
  }

  private static OptionDef envOnly(
      HelpSection section, String env, String label, String defaultValue, String summary) {
    return new OptionDef(List.of(), env, section, false, label, defaultValue, null, summary);
  }
}
