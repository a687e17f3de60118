package com.busdk.upcloud.domain.vm;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.VmRequest;
import java.util.Map;

/**
 * The three VM request handlers. Start and stop answer with futures that hold no thread while they
 * poll through maintenance or a busy provider; their polls run on the request's continuations.
 */
public final class VmHandlers {
  private final VmControl vm;

  public VmHandlers(VmControl vm) {
    this.vm = requireNonNull(vm, "vm is null");
  }

  public Map<BusEventName, RequestHandler> handlers() {
    return Map.of(
        BusEventName.VM_STATUS,
        request -> {
          request.payload(VmRequest.class);
          return vm.status();
        },
        BusEventName.VM_START,
        RequestHandler.async(
            request -> {
              request.payload(VmRequest.class);
              return vm.startAsync(request.continuations());
            }),
        BusEventName.VM_STOP,
        RequestHandler.async(
            request -> {
              request.payload(VmRequest.class);
              return vm.stopAsync(request.continuations());
            }));
  }
}
