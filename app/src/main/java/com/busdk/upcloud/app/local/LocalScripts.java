package com.busdk.upcloud.app.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteScripts} on this machine, for {@code --local}: each script (the same Podman run
 * script the ssh-runner would get) runs with {@code /bin/sh}. With Docker, a {@code podman} shim
 * first on the {@code PATH} runs {@code docker} instead, with Podman's rootless {@code slirp4netns}
 * network mapped to Docker's {@code bridge}. Targets, users and network bootstrap are for remote
 * runners and are ignored here.
 */
public final class LocalScripts implements RemoteScripts, AutoCloseable {
  /** Output kept per stream; the rest of a chatty run is cut. */
  static final int MAX_OUTPUT_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(LocalScripts.class);

  static final String DOCKER_SHIM =
      """
      #!/bin/sh
      # podman -> docker for bus-integration-upcloud --local; Docker has no slirp4netns network.
      n=$#
      prev=
      for a in "$@"; do
        if [ "$prev" = "--network" ] && [ "$a" = "slirp4netns" ]; then a=bridge; fi
        if [ "$a" = "--network=slirp4netns" ]; then a=--network=bridge; fi
        set -- "$@" "$a"
        prev=$a
      done
      shift "$n"
      exec %s "$@"
      """;

  private final ContainerRuntime runtime;
  private final Map<String, String> env;
  private final Path shimDirectory;

  /**
   * @param env the environment scripts run with ({@code PATH} first of all)
   * @throws IllegalArgumentException when {@code runtime} is none
   */
  public LocalScripts(ContainerRuntime runtime, Map<String, String> env) {
    this.runtime = requireNonNull(runtime, "runtime is null");
    if (!runtime.available()) {
      throw new IllegalArgumentException("no container runtime to run scripts with");
    }
    this.env = Map.copyOf(requireNonNull(env, "env is null"));
    this.shimDirectory = runtime.kind() == ContainerRuntime.Kind.DOCKER ? dockerShim() : null;
  }

  /** Starts the script now; the future completes when its process ends (no thread waits). */
  @Override
  public CompletableFuture<ScriptResult> submit(String correlationId, ScriptRequest request) {
    ProcessBuilder sh = new ProcessBuilder("/bin/sh", "-s");
    sh.environment().clear();
    sh.environment().putAll(env);
    if (shimDirectory != null) {
      String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      sh.environment().put("PATH", shimDirectory + File.pathSeparator + path);
    }
    Process process;
    try {
      process = sh.start();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new RemoteScriptException(
              RemoteScriptException.Kind.TRANSPORT,
              "cannot start /bin/sh for a local script: " + e.getClass().getSimpleName(),
              e));
    }
    CompletableFuture<byte[]> stdout = drain(process.getInputStream());
    CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      in.write(request.script().getBytes(UTF_8));
    } catch (IOException e) {
      LOG.debug("the local script {} closed its input early", correlationId, e);
    }
    return process
        .onExit()
        .orTimeout(request.timeoutSeconds(), TimeUnit.SECONDS)
        .handle(
            (ended, failure) -> {
              if (failure == null) {
                return ended;
              }
              process.descendants().forEach(ProcessHandle::destroyForcibly);
              process.destroyForcibly();
              throw new RemoteScriptException(
                  RemoteScriptException.Kind.TIMEOUT,
                  "the local script did not finish within " + request.timeoutSeconds() + "s");
            })
        .thenCompose(
            ended ->
                stdout.thenCombine(
                    stderr,
                    (out, err) ->
                        new ScriptResult(
                            ended.exitValue(),
                            new String(out, UTF_8),
                            new String(err, UTF_8),
                            null)));
  }

  @Override
  public void close() {
    if (shimDirectory != null) {
      try {
        Files.deleteIfExists(shimDirectory.resolve("podman"));
        Files.deleteIfExists(shimDirectory);
      } catch (IOException e) {
        LOG.debug("cannot remove the podman shim {}", shimDirectory, e);
      }
    }
  }

  private Path dockerShim() {
    try {
      Path dir =
          Files.createTempDirectory(
              "bus-upcloud-podman-shim",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path shim = dir.resolve("podman");
      Files.writeString(
          shim, String.format(DOCKER_SHIM, ShellWord.quote(runtime.executable().toString())));
      Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwx------"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the podman shim for docker", e);
    }
  }

  /** Reads a stream to its end on a thread of its own; a run can take half an hour. */
  private static CompletableFuture<byte[]> drain(InputStream stream) {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              ByteArrayOutputStream kept = new ByteArrayOutputStream();
              byte[] buffer = new byte[8192];
              try (stream) {
                for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                  int room = MAX_OUTPUT_BYTES - kept.size();
                  if (room > 0) {
                    kept.write(buffer, 0, Math.min(room, n));
                  }
                }
              } catch (IOException e) {
                LOG.debug("reading a local script's output failed", e);
              }
              done.complete(kept.toByteArray());
            },
            "local-script-output");
    reader.setDaemon(true);
    reader.start();
    return done;
  }

  @Override
  public String toString() {
    return "LocalScripts[" + runtime.detail() + "]";
  }

  /** Single quotes for a path in the shim. */
  static final class ShellWord {
    private ShellWord() {}

    static String quote(String word) {
      return "'" + word.replace("'", "'\\''") + "'";
    }
  }
}
