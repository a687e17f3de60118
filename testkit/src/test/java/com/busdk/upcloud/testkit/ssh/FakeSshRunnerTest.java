package com.busdk.upcloud.testkit.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptRequest.NetworkBootstrap;
import com.busdk.upcloud.ports.ScriptRequest.Target;
import com.busdk.upcloud.ports.ScriptResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeSshRunnerTest {
  private static final String REQUEST = BusEventName.SSH_SCRIPT_RUN.request();
  private static final String RESPONSE = BusEventName.SSH_SCRIPT_RUN.response();

  private final SynchronousEventBus bus = new SynchronousEventBus();
  private final BlockingQueue<BusEvent> responses = new LinkedBlockingQueue<>();
  private FakeSshRunner runner;

  @BeforeEach
  void start() {
    bus.subscribe(RESPONSE, Delivery.broadcast(), responses::add);
    runner = new FakeSshRunner(bus).start();
  }

  @AfterEach
  void stop() {
    runner.close();
    bus.close();
  }

  @Test
  void podman_run_executes_the_container_command_on_the_host() throws Exception {
    String script =
        "'timeout' '-k' '5' '30' 'podman' 'run' '--rm' '--name' 'bus-run-1' '--read-only'"
            + " '--tmpfs' '/work:rw,size=64m' '--workdir' '/work' '--network' 'none'"
            + " '--user' '1000:1000' '-e' 'GREETING=hi there' 'docker.io/library/alpine:3'"
            + " 'sh' '-c' 'printf BUS_CONTAINER_OK; printf \" %s\" \"$GREETING\"'\n"
            + "exit \"$?\"\n";

    bus.publish(REQUEST, "corr-1", request(script));
    BusEvent response = nextResponse();

    assertEquals("corr-1", response.correlationId().orElseThrow());
    assertEquals(
        new ScriptResult(0, "BUS_CONTAINER_OK hi there", "", null),
        response.payloadAs(ScriptResult.class));
  }

  @Test
  void environment_values_reach_the_command_literally() throws Exception {
    String script =
        "podman run --rm -e 'V=a;b $(echo injected) `id` \"q\"' img sh -c 'printf %s \"$V\"'\n";

    bus.publish(REQUEST, "corr-env", request(script));

    assertEquals(
        "a;b $(echo injected) `id` \"q\"", nextResponse().payloadAs(ScriptResult.class).stdout());
  }

  @Test
  void exit_code_and_stderr_come_back() throws Exception {
    bus.publish(REQUEST, "corr-2", request("echo out; echo oops >&2; exit 3\n"));

    assertEquals(
        new ScriptResult(3, "out\n", "oops\n", null), nextResponse().payloadAs(ScriptResult.class));
  }

  @Test
  void a_bootstrap_that_installs_podman_only_when_missing_does_nothing() throws Exception {
    String script =
        "if ! command -v podman >/dev/null 2>&1; then echo installing; sudo apt-get install -y"
            + " podman; fi\npodman --version\n";

    bus.publish(REQUEST, "corr-boot", request(script));

    assertEquals(
        new ScriptResult(0, "podman version 0.0.0-stand-in\n", "", null),
        nextResponse().payloadAs(ScriptResult.class));
  }

  @Test
  void sudo_runs_its_command_as_is() throws Exception {
    bus.publish(REQUEST, "corr-sudo", request("sudo -n -E sh -c 'printf elevated'\n"));

    assertEquals("elevated", nextResponse().payloadAs(ScriptResult.class).stdout());
  }

  @Test
  void an_unknown_podman_option_fails_like_podman_would() throws Exception {
    bus.publish(REQUEST, "corr-opt", request("podman run --detach img true\n"));

    ScriptResult result = nextResponse().payloadAs(ScriptResult.class);
    assertEquals(125, result.exitCode());
    assertTrue(result.stderr().contains("unsupported option --detach"), result.stderr());
  }

  @Test
  void podman_rm_ends_a_named_run_that_is_still_going() throws Exception {
    bus.publish(REQUEST, "corr-long", request("podman run --rm --name long img sleep 30\n"));
    String remove =
        "i=0\n"
            + "while [ ! -f \"$BUS_FAKE_PODMAN_STATE/long.pid\" ] && [ $i -lt 100 ]; do"
            + " sleep 0.05; i=$((i+1)); done\n"
            + "podman rm -f long\n";
    bus.publish(REQUEST, "corr-rm", request(remove));

    BusEvent first = nextResponse();
    BusEvent second = nextResponse();
    BusEvent longRun = first.correlationId().orElseThrow().equals("corr-long") ? first : second;
    BusEvent removal = longRun == first ? second : first;
    assertEquals(0, removal.payloadAs(ScriptResult.class).exitCode());
    // Like a real forced removal, the container's process is killed outright: 128 + SIGKILL.
    assertEquals(137, longRun.payloadAs(ScriptResult.class).exitCode());
  }

  @Test
  void live_containers_are_the_named_runs_still_going() throws Exception {
    assertEquals(Set.of(), runner.liveContainers());
    bus.publish(REQUEST, "corr-done", request("podman run --rm --name done img true\n"));
    assertEquals(0, nextResponse().payloadAs(ScriptResult.class).exitCode());
    bus.publish(REQUEST, "corr-live", request("podman run --rm --name live img sleep 30\n"));
    assertTrue(runner.awaitLiveContainer(Duration.ofSeconds(10)));

    assertEquals(Set.of("live"), runner.liveContainers());
    bus.publish(REQUEST, "corr-rm", request("podman rm -f live\n"));
    nextResponse();
    nextResponse();
    assertEquals(Set.of(), runner.liveContainers());
  }

  @Test
  void requests_are_recorded_with_their_network_bootstrap() throws Exception {
    NetworkBootstrap bootstrap =
        new NetworkBootstrap(true, "mac-match", List.of("1.1.1.1"), "de:ad:be:ef:00:01");
    ScriptRequest request =
        new ScriptRequest(
            "true\n", List.of(new Target("10.0.0.5", 22)), List.of("root"), 30, bootstrap, "id-1");

    bus.publish(REQUEST, "corr-3", request);
    nextResponse();

    assertEquals(List.of(new FakeSshRunner.Received("corr-3", request)), runner.requests());
  }

  @Test
  void fail_mode_answers_with_an_error_and_runs_nothing() throws Exception {
    runner.fail("no target accepted the connection");

    bus.publish(REQUEST, "corr-4", request("echo should-not-run\n"));
    ScriptResult result = nextResponse().payloadAs(ScriptResult.class);

    assertTrue(result.failedToRun());
    assertEquals("provider_error", result.error().type());
    assertEquals("no target accepted the connection", result.error().message());
    assertEquals("", result.stdout());
  }

  @Test
  void silent_mode_records_the_request_and_never_answers() throws Exception {
    runner.silent();

    bus.publish(REQUEST, "corr-5", request("echo hi\n"));

    assertTrue(runner.awaitRequests(1, Duration.ofSeconds(5)));
    assertNull(responses.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void delay_mode_answers_after_the_delay() throws Exception {
    runner.delay(Duration.ofMillis(150));
    long start = System.nanoTime();

    bus.publish(REQUEST, "corr-6", request("printf late\n"));
    BusEvent response = nextResponse();

    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 150);
    assertEquals("late", response.payloadAs(ScriptResult.class).stdout());
  }

  @Test
  void normal_mode_restores_answering() throws Exception {
    runner.silent().normal();

    bus.publish(REQUEST, "corr-7", request("printf back\n"));

    assertEquals("back", nextResponse().payloadAs(ScriptResult.class).stdout());
  }

  @Test
  void a_script_past_its_timeout_is_killed_and_answered_with_124() throws Exception {
    ScriptRequest slow =
        new ScriptRequest(
            "printf started; sleep 30\n",
            List.of(new Target("runner", 22)),
            List.of(),
            1,
            null,
            "id-1");

    bus.publish(REQUEST, "corr-8", slow);
    ScriptResult result = nextResponse().payloadAs(ScriptResult.class);

    assertEquals(124, result.exitCode());
    assertEquals("started", result.stdout());
    assertTrue(result.stderr().contains("timed out"), result.stderr());
  }

  @Test
  void a_payload_that_is_not_a_script_request_is_a_bad_request() throws Exception {
    bus.publish(REQUEST, "corr-9", "not a request");

    ScriptResult result = nextResponse().payloadAs(ScriptResult.class);
    assertEquals("bad_request", result.error().type());
    assertEquals(List.of(), runner.requests());
  }

  @Test
  void a_request_without_correlation_id_is_answered_under_its_event_id() throws Exception {
    String eventId = bus.publish(REQUEST, null, request("true\n")).id();

    assertEquals(eventId, nextResponse().correlationId().orElseThrow());
  }

  @Test
  void after_close_nothing_is_answered() throws Exception {
    runner.close();

    bus.publish(REQUEST, "corr-10", request("echo hi\n"));

    assertNull(responses.poll(100, TimeUnit.MILLISECONDS));
    assertFalse(runner.awaitRequests(1, Duration.ofMillis(10)));
  }

  private BusEvent nextResponse() throws InterruptedException {
    BusEvent response = responses.poll(10, TimeUnit.SECONDS);
    assertNotNull(response, "no response within 10s");
    return response;
  }

  private static ScriptRequest request(String script) {
    return new ScriptRequest(
        script, List.of(new Target("127.0.0.1", 22)), List.of("root"), 20, null, "identity-1");
  }
}
