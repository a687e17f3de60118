package com.busdk.upcloud.testkit.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptRequest.Target;
import com.busdk.upcloud.ports.ScriptResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeRemoteScriptsTest {
  private static final ScriptRequest REQUEST =
      new ScriptRequest("echo hi", List.of(new Target("10.0.0.5", 22)), List.of(), 30, null, "id");

  private final FakeRemoteScripts scripts = new FakeRemoteScripts();

  @Test
  void without_a_script_every_call_succeeds_silently() {
    assertEquals(new ScriptResult(0, "", "", null), scripts.run("c1", REQUEST));
  }

  @Test
  void queued_replies_answer_in_order_then_the_fallback_answers() {
    scripts
        .thenReturn(FakeRemoteScripts.exit(1, "", "boom"))
        .thenReturn(FakeRemoteScripts.success("second"))
        .otherwise((id, request) -> FakeRemoteScripts.success("fallback " + id));

    assertEquals(1, scripts.run("c1", REQUEST).exitCode());
    assertEquals("second", scripts.run("c2", REQUEST).stdout());
    assertEquals("fallback c3", scripts.run("c3", REQUEST).stdout());
    assertEquals("fallback c4", scripts.run("c4", REQUEST).stdout());
  }

  @Test
  void calls_are_recorded() {
    scripts.run("c1", REQUEST);

    assertEquals(List.of(new FakeRemoteScripts.Call("c1", REQUEST)), scripts.calls());
  }

  @Test
  void a_timeout_is_a_timeout_exception() {
    scripts.thenTimeout();

    RemoteScriptException e =
        assertThrows(RemoteScriptException.class, () -> scripts.run("c1", REQUEST));
    assertEquals(RemoteScriptException.Kind.TIMEOUT, e.kind());
  }

  @Test
  void a_failure_is_a_transport_exception_with_the_message() {
    scripts.thenFail("bus unavailable");

    RemoteScriptException e =
        assertThrows(RemoteScriptException.class, () -> scripts.run("c1", REQUEST));
    assertEquals(RemoteScriptException.Kind.TRANSPORT, e.kind());
    assertEquals("bus unavailable", e.getMessage());
  }

  @Test
  void a_not_run_result_carries_the_error() {
    scripts.thenReturn(FakeRemoteScripts.notRun("provider_error", "no host"));

    ScriptResult result = scripts.run("c1", REQUEST);
    assertTrue(result.failedToRun());
    assertEquals("no host", result.error().message());
  }

  @Test
  void a_delayed_reply_takes_at_least_its_delay() {
    scripts.thenDelay(Duration.ofMillis(50), FakeRemoteScripts.success("late"));
    long start = System.nanoTime();

    assertEquals("late", scripts.run("c1", REQUEST).stdout());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 50);
  }

  @Test
  void a_latched_reply_blocks_until_released_and_is_visible_while_blocked() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    scripts.thenAwait(release, FakeRemoteScripts.success("released"));

    CompletableFuture<ScriptResult> call =
        CompletableFuture.supplyAsync(() -> scripts.run("c1", REQUEST));

    assertTrue(scripts.awaitCalls(1, Duration.ofSeconds(5)));
    assertFalse(call.isDone());
    release.countDown();
    assertEquals("released", call.get(5, TimeUnit.SECONDS).stdout());
  }

  @Test
  void waiting_for_calls_that_never_come_returns_false() throws Exception {
    assertFalse(scripts.awaitCalls(1, Duration.ofMillis(20)));
  }
}
