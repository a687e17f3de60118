package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.runtime.ExitCodes;
import com.busdk.upcloud.domain.vm.VmControl;
import com.busdk.upcloud.events.EventCodec;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.StatusResponse;
import com.busdk.upcloud.ports.WorkerException;
import java.io.PrintStream;

/**
 * {@code --check-vm-status}: prints one VM status response as JSON. A refused credential exits 3, a
 * VM that does not exist exits 1, so the command doubles as a credential preflight.
 */
public final class CheckVmStatus {
  private final VmControl vm;
  private final String vmName;
  private final PrintStream out;
  private final PrintStream err;

  public CheckVmStatus(VmControl vm, String vmName, PrintStream out, PrintStream err) {
    this.vm = requireNonNull(vm, "vm is null");
    this.vmName = requireNonNull(vmName, "vmName is null");
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
  }

  public int run() {
    StatusResponse status;
    try {
      status = vm.status();
    } catch (WorkerException e) {
      err.println("bus-integration-upcloud: " + e.getMessage());
      return e.getCause() instanceof CloudException c
              && (c.kind() == CloudException.Kind.UNAUTHORIZED
                  || c.kind() == CloudException.Kind.FORBIDDEN)
          ? ExitCodes.AUTH_REFUSED
          : ExitCodes.RUNTIME_FAILURE;
    }
    if (Boolean.FALSE.equals(status.status().details().exists())) {
      err.println("bus-integration-upcloud: VM \"" + vmName + "\" not found");
      return ExitCodes.RUNTIME_FAILURE;
    }
    out.println(new EventCodec().writeLine(status).strip());
    return ExitCodes.OK;
  }
}
