package com.busdk.upcloud.testkit.ssh;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A scripted {@link RemoteScripts}. Queued replies answer calls in order; once the queue is empty,
 * the fallback function answers (by default: exit code 0, no output). Every call is recorded before
 * it is answered, so a test can see a call that is still blocked.
 */
public final class FakeRemoteScripts implements RemoteScripts {
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Call> calls = new ArrayList<>();
  private BiFunction<String, ScriptRequest, ScriptResult> fallback =
      (correlationId, request) -> success("");

  /** A result with exit code 0 and {@code stdout}. */
  public static ScriptResult success(String stdout) {
    return new ScriptResult(0, stdout, "", null);
  }

  /** A result with a non-zero exit code: the script ran and failed. */
  public static ScriptResult exit(int exitCode, String stdout, String stderr) {
    return new ScriptResult(exitCode, stdout, stderr, null);
  }

  /** A result saying the ssh-runner could not run the script at all. */
  public static ScriptResult notRun(String type, String message) {
    return new ScriptResult(-1, "", "", new ErrorReply.ErrorBody(type, message));
  }

  /** The next unanswered call returns {@code result}. */
  public FakeRemoteScripts thenReturn(ScriptResult result) {
    requireNonNull(result, "result is null");
    return enqueue(call -> result);
  }

  /** The next unanswered call sleeps for real for {@code delay}, then returns {@code result}. */
  public FakeRemoteScripts thenDelay(Duration delay, ScriptResult result) {
    requireNonNull(delay, "delay is null");
    requireNonNull(result, "result is null");
    return enqueue(
        call -> {
          Thread.sleep(delay.toMillis());
          return result;
        });
  }

  /**
   * The next unanswered call blocks until {@code release} opens (at most 10 seconds, so a broken
   * test cannot hang the build), then returns {@code result}.
   */
  public FakeRemoteScripts thenAwait(CountDownLatch release, ScriptResult result) {
    requireNonNull(release, "release is null");
    requireNonNull(result, "result is null");
    return enqueue(
        call -> {
          if (!release.await(10, TimeUnit.SECONDS)) {
            throw new RemoteScriptException(
                RemoteScriptException.Kind.TIMEOUT, "fake latch was never released");
          }
          return result;
        });
  }

  /** The next unanswered call fails as if no result arrived within its timeout. */
  public FakeRemoteScripts thenTimeout() {
    return enqueue(
        call -> {
          throw new RemoteScriptException(
              RemoteScriptException.Kind.TIMEOUT,
              "no result for "
                  + call.correlationId()
                  + " within "
                  + call.request().timeoutSeconds()
                  + "s");
        });
  }

  /** The next unanswered call fails as if the transport broke. */
  public FakeRemoteScripts thenFail(String message) {
    requireNonNull(message, "message is null");
    return enqueue(
        call -> {
          throw new RemoteScriptException(RemoteScriptException.Kind.TRANSPORT, message);
        });
  }

  /** Answers every call once the queue is empty. */
  public synchronized FakeRemoteScripts otherwise(
      BiFunction<String, ScriptRequest, ScriptResult> answer) {
    this.fallback = requireNonNull(answer, "answer is null");
    return this;
  }

  /**
   * Answers on the calling thread and returns the settled future: a queued {@link #thenAwait} or
   * {@link #thenDelay} blocks the caller, as a slow ssh-runner would block a blocking caller.
   */
  @Override
  public CompletableFuture<ScriptResult> submit(String correlationId, ScriptRequest request) {
    try {
      return CompletableFuture.completedFuture(answer(correlationId, request));
    } catch (RemoteScriptException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private ScriptResult answer(String correlationId, ScriptRequest request) {
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(request, "request is null");
    Call call = new Call(correlationId, request);
    Reply reply;
    BiFunction<String, ScriptRequest, ScriptResult> answer;
    synchronized (this) {
      calls.add(call);
      notifyAll();
      reply = replies.poll();
      answer = fallback;
    }
    if (reply == null) {
      return answer.apply(correlationId, request);
    }
    try {
      return reply.answer(call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteScriptException(
          RemoteScriptException.Kind.TRANSPORT, "interrupted while waiting for the script", e);
    }
  }

  /** Every call so far, in order. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Waits until at least {@code count} calls arrived; false when {@code timeout} passed first. */
  public synchronized boolean awaitCalls(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (calls.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private synchronized FakeRemoteScripts enqueue(Reply reply) {
    replies.add(reply);
    return this;
  }

  /** One recorded call. */
  public record Call(String correlationId, ScriptRequest request) {}

  @FunctionalInterface
  private interface Reply {
    ScriptResult answer(Call call) throws InterruptedException;
  }
}
