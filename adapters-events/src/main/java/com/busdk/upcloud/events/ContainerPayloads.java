package com.busdk.upcloud.events;

import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.RunOutput;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.StatusPayload;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The wire form of the container payloads whose port records group their fields: on the wire the
 * run request and the run response keep every field at the top level of the payload, as the
 * protocol documents them. Each is read and written through a flat wire record here, so the ports
 * stay free of JSON and the JSON stays as it was. Status items carry a {@link RunState}, written as
 * its wire name, and times, written as ISO-8601 text.
 */
final class ContainerPayloads {
  private ContainerPayloads() {}

  /** The Jackson module that maps both payloads; the codec's mappers register it. */
  static Module module() {
    SimpleModule module = new SimpleModule("container-payloads");
    map(module, ContainerRunRequest.class, RunRequest.class, RunRequest::of, RunRequest::toPort);
    map(
        module,
        ContainerRunResponse.class,
        RunResponse.class,
        RunResponse::of,
        RunResponse::toPort);
    // Status items: a run state by its wire name, a time as ISO-8601 text.
    map(module, RunState.class, String.class, RunState::wire, RunState::fromWire);
    map(module, Instant.class, String.class, Instant::toString, Instant::parse);
    return module;
  }

  /**
   * {@code bus.containers.run.request} as sent: the {@link ContainerRunRequest.Exec} fields ({@code
   * command}, {@code args}, {@code env}, {@code workdir}) sit beside the others.
   */
  record RunRequest(
      String profile,
      String image,
      @JsonUnwrapped ContainerRunRequest.Exec exec,
      Long timeoutSeconds,
      List<Object> mounts,
      String runId) {
    static RunRequest of(ContainerRunRequest r) {
      return new RunRequest(
          r.profile(), r.image(), r.exec(), r.timeoutSeconds(), r.mounts(), r.runId());
    }

    ContainerRunRequest toPort() {
      return new ContainerRunRequest(profile, image, exec, timeoutSeconds, mounts, runId);
    }
  }

  /**
   * {@code bus.containers.run.response} as sent: the {@link Ending} fields sit beside the others.
   */
  record RunResponse(
      String runId,
      String ownerIdentityId,
      String runnerName,
      String image,
      List<String> args,
      @JsonUnwrapped Ending ending,
      StatusPayload runtime) {
    static RunResponse of(ContainerRunResponse r) {
      ContainerRunResponse.Result result = r.result();
      RunOutput output = result.output();
      return new RunResponse(
          r.runId(),
          r.ownerIdentityId(),
          r.runnerName(),
          r.image(),
          r.args(),
          new Ending(
              result.exitCode(),
              output.stdout(),
              output.stderr(),
              output.stdoutTruncated(),
              output.stderrTruncated(),
              result.durationMs()),
          r.runtime());
    }

    ContainerRunResponse toPort() {
      Ending e = ending;
      return new ContainerRunResponse(
          runId,
          ownerIdentityId,
          runnerName,
          image,
          args,
          new ContainerRunResponse.Result(
              e.exitCode(),
              new RunOutput(e.stdout(), e.stdoutTruncated(), e.stderr(), e.stderrTruncated()),
              e.durationMs()),
          runtime);
    }
  }

  /** The end of a run as the response spells it, in the protocol's field order. */
  record Ending(
      int exitCode,
      String stdout,
      String stderr,
      boolean stdoutTruncated,
      boolean stderrTruncated,
      long durationMs) {}

  /**
   * Writes {@code port} values as their {@code wire} record and reads them back through it. A rule
   * the port record enforces is reported as Jackson reports a record's own: a {@link
   * ValueInstantiationException} whose cause carries the message.
   */
  private static <P, W> void map(
      SimpleModule module,
      Class<P> port,
      Class<W> wire,
      Function<P, W> toWire,
      Function<W, P> toPort) {
    module.addSerializer(
        port,
        new StdSerializer<P>(port) {
          @Override
          public void serialize(P value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            provider.findValueSerializer(wire).serialize(toWire.apply(value), gen, provider);
          }
        });
    module.addDeserializer(
        port,
        new StdDeserializer<P>(port) {
          @Override
          public P deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            W read = ctxt.readValue(p, wire);
            try {
              return toPort.apply(read);
            } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
              throw ValueInstantiationException.from(
                  p, String.valueOf(e.getMessage()), ctxt.constructType(port), e);
            }
          }
        });
  }
}
