package com.busdk.upcloud.benchmarks;

import com.busdk.upcloud.events.EventCodec;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.StatusResponse;
import com.busdk.upcloud.ports.VmRequest;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-event CPU cost inside benchmark 1, without HTTP: the worker's codec (parse the request
 * envelope, decode its payload, encode the status response) against the baseline's string work
 * (find the correlation id, splice a fixed payload).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  static final String REQUEST_LINE =
      "{\"id\":\"evt_1780620545346253915\",\"name\":\"bus.vm.status.request\","
          + "\"correlationId\":\"w-123456\",\"identity_id\":\"bench-requester\","
          + "\"time\":\"2025-06-01T12:00:00.123456Z\",\"payload\":{}}";
  private static final Pattern CORRELATION =
      Pattern.compile("\"correlationId\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final EventCodec codec = new EventCodec();
  private final StatusResponse status =
      new StatusResponse(
          new StatusPayload(
              "ready",
              "static",
              StatusDetails.of("started", "00000000-0000-4000-8000-000000000001", "static-vm")
                  .withPlace("static-vm", "static")));
  private final String renderedPayload = codec.writeLine(codec.toTree(status));

  @Benchmark
  public String workerCodec() {
    BusEvent event = codec.parseEnvelope(REQUEST_LINE, "bus.vm.status.request");
    event.payloadAs(VmRequest.class);
    return codec.writeEnvelope(
        "bus.vm.status.response", event.correlationId().orElse(event.id()), status);
  }

  @Benchmark
  public String minimalCodec() {
    Matcher m = CORRELATION.matcher(REQUEST_LINE);
    String correlationId = m.find() ? m.group(1) : "";
    return "{\"name\":\"bus.vm.status.response\",\"correlationId\":\""
        + correlationId
        + "\",\"payload\":"
        + renderedPayload
        + "}";
  }
}
