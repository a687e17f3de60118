package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.RequestContext;
import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.ActionResponse;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RunnerDeleteResponse;
import com.busdk.upcloud.ports.StatusResponse;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.StubBusEvent;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunnerAdminHandlersTest {
  private final Fixture f = new Fixture();

  private Object call(BusEventName name) {
    Map<BusEventName, RequestHandler> handlers = new RunnerAdminHandlers(f.lifecycle()).handlers();
    StubBusEvent event = StubBusEvent.named(name.request()).correlationId("adm-1").build();
    return handlers.get(name).handle(new RequestContext(event, "adm-1"));
  }

  @Test
  void statusStartAndDeleteDriveTheRunnerFromNothingToNothing() {
    StatusResponse before = (StatusResponse) call(BusEventName.RUNNER_STATUS);
    assertEquals("stopped", before.status().state());
    assertEquals(false, before.status().details().exists());

    f.createdRunnerStartsAfter(1);
    ActionResponse started = (ActionResponse) call(BusEventName.RUNNER_START);
    assertTrue(started.accepted());
    assertEquals("start", started.action());
    assertEquals("ready", started.status().state());
    assertEquals("adm-1.ssh.bootstrap", f.scripts.calls().get(0).correlationId());
    assertEquals("ready", ((StatusResponse) call(BusEventName.RUNNER_STATUS)).status().state());

    assertEquals(new RunnerDeleteResponse(true), call(BusEventName.RUNNER_DELETE));
    assertTrue(f.cloud.servers().isEmpty());
    assertTrue(f.cloud.storages().isEmpty());
    assertEquals(new RunnerDeleteResponse(true), call(BusEventName.RUNNER_DELETE));
  }

  @Test
  void deleteIsRefusedWhenTheWorkerDoesNotOwnTheRunner() {
    f.provisioning = Provisioning.EXISTING_ONLY;
    f.cloud.addServer(Fixture.RUNNER, "stopped");

    WorkerException e = assertThrows(WorkerException.class, () -> call(BusEventName.RUNNER_DELETE));

    assertEquals(ErrorType.CONFLICT, e.type());
    assertEquals(1, f.cloud.servers().size());
  }

  @Test
  void handlersCoverTheThreeAdminRequests() {
    assertEquals(
        Set.of(BusEventName.RUNNER_STATUS, BusEventName.RUNNER_START, BusEventName.RUNNER_DELETE),
        new RunnerAdminHandlers(f.lifecycle()).handlers().keySet());
  }
}
