package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.wiring.Assembly;
import com.busdk.upcloud.domain.DispatchSettings;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.domain.vm.VmControl;
import com.busdk.upcloud.domain.vm.VmHandlers;
import com.busdk.upcloud.domain.vm.VmSettings;
import com.busdk.upcloud.ports.StatusResponse;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.RecordingEventBus;
import com.busdk.upcloud.testkit.StubBusEvent;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import com.busdk.upcloud.testkit.upcloud.InMemoryCloudServers;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples {@code docs/embedding.md} quotes: a Java service embedding the worker through its
 * Guice wiring, and through the domain classes directly, each tested with the test kit. The last
 * test keeps the guide and this file in step.
 */
@Timeout(20)
class EmbeddingExampleTest {
  private static final Path THIS_FILE =
      Cli.repoRoot()
          .resolve("app/src/test/java/com/busdk/upcloud/app/ops/EmbeddingExampleTest.java");
  private static final Path GUIDE = Cli.repoRoot().resolve("docs/embedding.md");

  @Test
  void guiceWiredVmWorkerAgainstTheUpCloudSimulator() throws Exception {
    // tag::guice[]
    try (UpCloudSimulator upcloud = UpCloudSimulator.start();
        RecordingEventBus bus = new RecordingEventBus();
        InMemoryRunJournal journal = new InMemoryRunJournal(TimeSource.system())) {
      upcloud.seedServer("demo-vm", "started");
      Settings settings =
          SettingsLoader.load(
              new String[] {
                "--provider", "upcloud",
                "--upcloud-api-url", upcloud.baseUrl(),
                "--vm-name", "demo-vm"
              },
              Map.of("UPCLOUD_TOKEN", upcloud.token()));
      Injector injector = Assembly.worker(settings, bus, journal, TimeSource.system());
      RequestDispatcher dispatcher = injector.getInstance(RequestDispatcher.class);

      dispatcher.accept(StubBusEvent.named("bus.vm.status.request").correlationId("req-1").build());

      RecordingEventBus.Published answer =
          bus.await(p -> p.name().equals("bus.vm.status.response"), Duration.ofSeconds(5));
      assertEquals("req-1", answer.correlationId());
      assertEquals("ready", ((StatusResponse) answer.payload()).status().state());
      dispatcher.close();
    }
    // end::guice[]
  }

  @Test
  void domainClassesWithoutGuice() throws Exception {
    // tag::domain[]
    InMemoryCloudServers cloud = new InMemoryCloudServers();
    cloud.addServer("demo-vm", "stopped");
    FakeTime time = new FakeTime();
    VmControl vm =
        new VmControl(
            cloud,
            new VmSettings("upcloud", "demo-vm", Duration.ofSeconds(45), Duration.ofSeconds(5)),
            time);

    assertEquals("stopped", vm.status().status().state());

    try (RecordingEventBus bus = new RecordingEventBus();
        InMemoryRunJournal journal = new InMemoryRunJournal(time);
        RequestDispatcher dispatcher =
            new RequestDispatcher(
                bus,
                new VmHandlers(vm).handlers(),
                DispatchSettings.defaults(4, "worker-1"),
                time,
                journal)) {
      dispatcher.accept(StubBusEvent.named("bus.vm.start.request").correlationId("req-2").build());
      RecordingEventBus.Published answer =
          bus.await(p -> p.name().equals("bus.vm.start.response"), Duration.ofSeconds(5));
      assertEquals("req-2", answer.correlationId());
    }
    // end::domain[]
  }

  @Test
  void theGuideQuotesThisFileVerbatim() throws IOException {
    String source = Files.readString(THIS_FILE);
    String guide = Files.readString(GUIDE);
    List<String> quoted = new ArrayList<>();
    Matcher block =
        Pattern.compile(
                "<!-- quoted from EmbeddingExampleTest -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(guide);
    while (block.find()) {
      quoted.add(block.group(1));
    }
    assertEquals(2, quoted.size(), "the guide quotes the guice and domain examples");
    for (String code : quoted) {
      assertTrue(
          normalize(source).contains(normalize(code)),
          "docs/embedding.md quotes code that is not in EmbeddingExampleTest:\n" + code);
    }
  }

  private static String normalize(String code) {
    return code.replaceAll("\\s+", " ").strip();
  }
}
