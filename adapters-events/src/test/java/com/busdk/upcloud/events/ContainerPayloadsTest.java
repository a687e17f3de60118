package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.busdk.upcloud.ports.ContainerItem;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.ContainerStatusResponse;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.RunOutput;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerPayloadsTest {
  private final EventCodec codec = new EventCodec();

  @Test
  void aRunResponseIsWrittenWithEveryFieldAtTheTopLevel() {
    ContainerRunResponse response =
        new ContainerRunResponse(
            "run_1",
            "alice",
            "runner-1",
            "alpine:3.20",
            List.of("sh", "-c", "printf OK"),
            new ContainerRunResponse.Result(3, new RunOutput("OK", true, "err", false), 42),
            new StatusPayload("ready", "upcloud", StatusDetails.NONE.withPlace(null, "fi-hel1")));

    assertEquals(
        "{\"run_id\":\"run_1\",\"owner_identity_id\":\"alice\",\"runner_name\":\"runner-1\","
            + "\"image\":\"alpine:3.20\",\"args\":[\"sh\",\"-c\",\"printf OK\"],\"exit_code\":3,"
            + "\"stdout\":\"OK\",\"stderr\":\"err\",\"stdout_truncated\":true,"
            + "\"stderr_truncated\":false,\"duration_ms\":42,\"runtime\":{\"state\":\"ready\","
            + "\"provider\":\"upcloud\",\"details\":{\"zone\":\"fi-hel1\"}}}",
        codec.writeLine(codec.toTree(response)));
  }

  @Test
  void aRunResponseReadBackIsTheSameRecord() {
    ContainerRunResponse response =
        new ContainerRunResponse(
            "run_1",
            "alice",
            "runner-1",
            "alpine",
            List.of("true"),
            new ContainerRunResponse.Result(0, new RunOutput("", false, "boom", true), 7),
            null);

    assertEquals(response, codec.decode(codec.toTree(response), ContainerRunResponse.class));
  }

  @Test
  void aRunRequestIsReadFromTopLevelFieldsIntoItsExec() {
    ContainerRunRequest request =
        codec.decode(
            "{\"image\":\"alpine\",\"args\":[\"env\"],\"env\":{\"K\":\"v\"},\"workdir\":\"/w\","
                + "\"timeout_seconds\":30,\"run_id\":\"run_9\"}",
            ContainerRunRequest.class);

    assertEquals(
        new ContainerRunRequest(
            null,
            "alpine",
            new ContainerRunRequest.Exec(null, List.of("env"), Map.of("K", "v"), "/w"),
            30L,
            null,
            "run_9"),
        request);
    assertEquals(request, codec.decode(codec.toTree(request), ContainerRunRequest.class));
  }

  @Test
  void aRuleOfTheExecIsReportedWithItsOwnMessage() {
    PayloadException failure =
        assertThrows(
            PayloadException.class,
            () ->
                codec.decode(
                    "{\"image\":\"alpine\",\"env\":{\"A=B\":\"x\"}}", ContainerRunRequest.class));

    assertEquals("invalid env name: \"A=B\"", failure.getMessage());
  }

  @Test
  void aStatusItemIsWrittenWithItsStateNameAndIsoTimesLeavingOutTheUnknown() {
    ContainerStatusResponse status =
        new ContainerStatusResponse(
            List.of(
                ContainerItem.liveOnRunner(
                    "run_2", "alice", "alpine", "runner-1", "2026-01-01T00:00:00.5Z")));

    assertEquals(
        "{\"items\":[{\"id\":\"run_2\",\"state\":\"running\",\"owner_identity_id\":\"alice\","
            + "\"details\":{\"image\":\"alpine\",\"runner\":\"runner-1\","
            + "\"started_at\":\"2026-01-01T00:00:00.500Z\",\"seen_on\":\"runner\"}}]}",
        codec.writeLine(codec.toTree(status)));
    assertEquals(status, codec.decode(codec.toTree(status), ContainerStatusResponse.class));
  }
}
