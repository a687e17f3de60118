package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.busdk.upcloud.domain.container.SshKeySource;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the spirit of Airlift's {@code assertFullMapping}: every declared option, given a value other
 * than its default, changes what is built from the settings. An option that is parsed but reaches
 * nothing fails here, and so does an option declared without a value in this table.
 */
class OptionsFullMappingTest {
  /** Options with one possible value, which therefore cannot differ from the default. */
  private static final Set<String> SINGLE_VALUED = Set.of("--runner-netplan-mode");

  @TempDir Path tmp;

  /** A non-default value per option, keyed by its flag (or variable when it has no flag). */
  private Map<String, String> nonDefaults() throws IOException {
    Map<String, String> v = new LinkedHashMap<>();
    for (String mode :
        new String[] {
          "--help",
          "--version",
          "--events",
          "--self-test",
          "--check-vm-status",
          "--check-config",
          "--local",
          "--once"
        }) {
      v.put(mode, "true");
    }
    v.put("--format", "json");
    v.put("--events-url", "https://events.example/api/v1/events");
    v.put("--events-group", "group-b");
    v.put("--events-consumer", "consumer-b");
    v.put("BUS_API_TOKEN", Fixtures.mintToken());
    v.put("BUS_API_TOKEN_FILE", tokenFile("bus").toString());
    v.put("BUS_EVENTS_LISTENER_RETRY", "false");
    v.put("BUS_EVENTS_LISTENER_RETRY_MIN", "2s");
    v.put("BUS_EVENTS_LISTENER_RETRY_MAX", "40s");
    v.put("BUS_EVENTS_LISTENER_REQUIRED", "false");
    v.put("BUS_EVENTS_TOKEN_REFRESH", "true");
    v.put("--provider", "upcloud");
    v.put("--upcloud-api-url", "https://upcloud.example/1.3");
    v.put("UPCLOUD_TOKEN", Fixtures.mintToken());
    v.put("UPCLOUD_TOKEN_FILE", tokenFile("upcloud").toString());
    v.put("--vm-name", "vm-b");
    v.put("--vm-action-timeout", "50s");
    v.put("--upcloud-poll-interval", "6s");
    v.put("--container-runner-name", "runner-b");
    v.put("--container-runner-provisioning", "existing-only");
    v.put("--container-codex-image", "quay.io/example/codex:2");
    v.put("--container-zone", "de-fra1");
    v.put("--container-plan", "DEV-1xCPU-2GB");
    v.put("--container-os", "Rocky Linux 9");
    v.put("--container-os-storage-size", "40");
    v.put("--container-network-mode", "public");
    v.put("--container-private-network", "net-b");
    v.put("--container-private-ip", "10.0.0.9");
    v.put("--container-ssh-keys", tmp.resolve("missing.pub").toString());
    v.put("--container-ssh-target", "ops@10.0.0.9");
    v.put("--container-ssh-users", "debian");
    v.put("--container-run-network", "pasta");
    v.put("--container-run-tmpfs-size", "2g");
    v.put("--container-run-read-only", "false");
    v.put("--container-run-user", "nobody");
    v.put("--container-run-workdir", "/srv");
    v.put("--container-run-timeout", "20m");
    v.put("--container-start-timeout", "12m");
    v.put("--runner-dns-servers", "9.9.9.9");
    v.put("--runner-apply-netplan", "true");
    v.put("--runner-delete-stop-first", "false");
    v.put("--runner-delete-ready-states", "stopped,unavailable");
    v.put("--runner-transient-states", "pending");
    v.put("--runner-delete-timeout", "11m");
    v.put("--runner-delete-poll-interval", "7s");
    v.put("--runner-delete-storage", "false");
    v.put("--runner-ssh-ready-timeout", "9m");
    v.put("--runner-ssh-ready-poll-interval", "4s");
    v.put("--runner-admin", "true");
    v.put("--state-dir", "/srv/state");
    v.put("--journal-max-runs", "50");
    v.put("--journal-max-run-bytes", "1m");
    v.put("--journal-max-answers", "60");
    v.put("--journal-max-answer-bytes", "2m");
    v.put("--container-output-limit", "64k");
    v.put("--local-port", "9000");
    v.put("--health-listen", "127.0.0.1:9464");
    v.put("--max-in-flight", "4");
    v.put("--shutdown-grace", "5s");
    v.put("--log-format", "json");
    v.put("--log-level", "debug");
    return v;
  }

  @Test
  void everyDeclaredOptionHasANonDefaultValueHere() throws IOException {
    Set<String> declared = new TreeSet<>();
    Options.DEFS.forEach(def -> declared.add(def.displayName()));
    Set<String> covered = new TreeSet<>(nonDefaults().keySet());
    covered.addAll(SINGLE_VALUED);
    assertEquals(declared, covered);
  }

  @Test
  void everyOptionChangesTheSettings() throws IOException {
    Settings defaults = load();
    for (Map.Entry<String, String> option : nonDefaults().entrySet()) {
      assertNotEquals(defaults, loadWith(option), option.getKey() + " changes nothing");
    }
  }

  @Test
  void everyContainerAndRunnerOptionReachesTheDomainSettings() throws IOException {
    String defaults = domainView(load());
    Set<String> viaListeners = Set.of("--runner-admin");
    for (Map.Entry<String, String> option : nonDefaults().entrySet()) {
      OptionDef def = def(option.getKey());
      boolean domainFacing =
          def.section() == HelpSection.CONTAINER
              || def.section() == HelpSection.RUNNER
              || def.displayName().equals("--upcloud-poll-interval")
              || def.displayName().equals("--provider");
      if (!domainFacing) {
        continue;
      }
      Settings changed = loadWith(option);
      if (viaListeners.contains(option.getKey())) {
        assertNotEquals(Modes.of(load()), Modes.of(changed), option.getKey());
      } else {
        assertNotEquals(
            defaults, domainView(changed), option.getKey() + " does not reach the domain");
      }
    }
  }

  private Settings loadWith(Map.Entry<String, String> option) {
    OptionDef def = def(option.getKey());
    if (def.hasFlag()) {
      return load(option.getKey() + "=" + option.getValue());
    }
    return load(env(def.env(), option.getValue()));
  }

  private static OptionDef def(String name) {
    return Options.DEFS.stream()
        .filter(d -> d.displayName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("not declared: " + name));
  }

  private Path tokenFile(String name) throws IOException {
    return Files.writeString(tmp.resolve(name + "-token"), Fixtures.mintToken());
  }

  /** Every value the domain reads from its container-mode settings, as text. */
  private static String domainView(Settings settings) {
    return describe(DomainSettings.runner(settings))
        + describe(DomainSettings.container(settings))
        + settings.runner().delete();
  }

  private static String describe(Object settings) {
    Map<String, String> values = new HashMap<>();
    for (Method m : settings.getClass().getMethods()) {
      if (m.getDeclaringClass() != settings.getClass()
          || m.getParameterCount() > 0
          || Modifier.isStatic(m.getModifiers())
          || m.getName().equals("toBuilder")) {
        continue;
      }
      values.put(m.getName(), text(invoke(m, settings)));
    }
    return values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ", settings.getClass().getSimpleName() + "[", "]"));
  }

  /** Key sources read files when asked; what they say about a missing file names the file. */
  private static String text(Object value) {
    if (value instanceof SshKeySource keys) {
      try {
        return keys.publicKeys().toString();
      } catch (RuntimeException e) {
        return e.getMessage();
      }
    }
    return String.valueOf(value);
  }

  private static Object invoke(Method m, Object target) {
    try {
      return m.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError(m + ": " + Arrays.toString(e.getStackTrace()), e);
    }
  }
}
