package com.busdk.upcloud.app.cli;

import static com.busdk.upcloud.app.cli.CheckResult.fail;
import static com.busdk.upcloud.app.cli.CheckResult.ok;
import static com.busdk.upcloud.app.cli.CheckResult.shorten;
import static com.busdk.upcloud.app.cli.CheckResult.warn;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.ContainerConfig;
import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.app.config.Secret;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.domain.container.Provisioning;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * That UpCloud accepts the token and shows the configured servers, and that what creating the
 * runner needs (private network, OS template, SSH keys) is there. Asks through the {@link
 * CloudServers} port, so the answers are read the way the worker reads them.
 */
final class UpCloudCheck {
  private final Settings settings;
  private final CloudServers cloud;
  private final List<CheckResult> results = new ArrayList<>();

  UpCloudCheck(Settings settings, CloudServers cloud) {
    this.settings = requireNonNull(settings, "settings is null");
    this.cloud = requireNonNull(cloud, "cloud is null");
  }

  List<CheckResult> run(Modes modes) {
    Secret token = settings.upcloud().token();
    results.add(
        ok(
            "upcloud token source",
            token.source()
                + (token.file().isPresent()
                    ? ", re-read when it changes or UpCloud answers 401"
                    : ", read once at start")));
    boolean reachable = !modes.vm() || lookUpVm();
    ContainerConfig container = settings.container();
    if (container.runnerName() != null) {
      reachable = reachable && lookUpRunner(container.runnerName(), container.provisioning());
      if (container.provisioning() == Provisioning.CREATE) {
        if (reachable) {
          checkRunnerCreation(container.newRunner());
        }
        results.add(SshKeysCheck.check(container.newRunner().sshKeys()));
      }
    }
    return List.copyOf(results);
  }

  /** Returns false when later UpCloud calls would only repeat a failure. */
  private boolean lookUpVm() {
    String name = settings.upcloud().vmName();
    try {
      Optional<ServerDetails> vm = cloud.find(name);
      if (vm.isPresent()) {
        results.add(ok("upcloud vm", "\"" + name + "\" found: " + server(vm.get())));
      } else {
        results.add(
            fail(
                "upcloud vm",
                "\""
                    + name
                    + "\" not found: UpCloud lists no server with that name or UUID for this"
                    + " UPCLOUD_TOKEN"));
      }
      return true;
    } catch (CloudException e) {
      return cloudFailure("upcloud vm", e);
    }
  }

  private boolean lookUpRunner(String name, Provisioning provisioning) {
    try {
      Optional<ServerDetails> runner = cloud.find(name);
      if (runner.isPresent()) {
        results.add(ok("upcloud runner", "\"" + name + "\" found: " + server(runner.get())));
      } else if (provisioning == Provisioning.CREATE) {
        results.add(
            warn(
                "upcloud runner",
                "\""
                    + name
                    + "\" not found: it will be created on the first container request"
                    + " (provisioning create)"));
      } else {
        results.add(
            fail(
                "upcloud runner",
                "\""
                    + name
                    + "\" not found and provisioning is "
                    + provisioning.wire()
                    + ": create the server or use --container-runner-provisioning create"));
      }
      return true;
    } catch (CloudException e) {
      return cloudFailure("upcloud runner", e);
    }
  }

  /** What creating the runner needs from UpCloud besides the credential. */
  private void checkRunnerCreation(ContainerConfig.NewRunner runner) {
    try {
      if (runner.networkMode() == ServerSpec.NetworkMode.PRIVATE) {
        String network = "private network \"" + runner.privateNetwork() + "\"";
        if (cloud.findNetwork(runner.zone(), runner.privateNetwork()).isPresent()) {
          results.add(ok("upcloud network", network + " found in " + runner.zone()));
        } else {
          results.add(
              fail(
                  "upcloud network",
                  network
                      + " not found in "
                      + runner.zone()
                      + ": a new runner could not be attached; set --container-private-network"));
        }
      }
      if (cloud.findTemplate(runner.os()).isPresent()) {
        results.add(ok("upcloud template", "\"" + runner.os() + "\" found"));
      } else {
        results.add(
            fail(
                "upcloud template",
                "\"" + runner.os() + "\" not found: a new runner could not be created"));
      }
    } catch (CloudException e) {
      cloudFailure("upcloud", e);
    }
  }

  /**
   * Reports a failed UpCloud call; returns false when later calls would only repeat it (refused
   * credential, unreachable API).
   */
  private boolean cloudFailure(String check, CloudException e) {
    String detail = shorten(e.getMessage());
    switch (e.kind()) {
      case UNAUTHORIZED -> {
        results.add(fail(check, "UpCloud refused UPCLOUD_TOKEN (401): " + detail));
        return false;
      }
      case IO -> {
        results.add(
            fail(check, "cannot reach UpCloud at " + settings.upcloud().apiUrl() + ": " + detail));
        return false;
      }
      case FORBIDDEN ->
          results.add(fail(check, "UpCloud denied this UPCLOUD_TOKEN access (403): " + detail));
      default -> results.add(fail(check, "UpCloud lookup failed: " + detail));
    }
    return true;
  }

  private static String server(ServerDetails server) {
    return server.uuid()
        + (server.zone().isEmpty() ? "" : " in " + server.zone())
        + ", state "
        + server.providerState();
  }
}
