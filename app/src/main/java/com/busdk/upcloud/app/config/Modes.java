package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

/**
 * Which listener sets a worker runs: VM listeners when a VM name is set, container listeners when a
 * runner name is set, runner administration only on explicit opt-in. Runner administration is a
 * mode of its own, as the runbook deploys it: a separate protected service whose token has the
 * internal audience and {@code container:admin}, so with {@code --runner-admin} the public
 * container listeners stay off (their token is a different, public-audience one). The static
 * provider with neither name serves both public sets, so that a bare {@code --provider static}
 * worker answers every public request.
 *
 * @param vm {@code bus.vm.*}
 * @param containers {@code bus.containers.status|run|delete.*}
 * @param runnerAdmin {@code bus.containers.runner.*}
 */
public record Modes(boolean vm, boolean containers, boolean runnerAdmin) {

  public static Modes of(Settings settings) {
    requireNonNull(settings, "settings is null");
    boolean vmNamed = settings.upcloud().vmName() != null;
    boolean runnerNamed = settings.container().runnerName() != null;
    boolean staticDefault =
        settings.upcloud().provider() == Provider.STATIC && !vmNamed && !runnerNamed;
    boolean admin = settings.runner().admin();
    return new Modes(vmNamed || staticDefault, (runnerNamed || staticDefault) && !admin, admin);
  }

  /** True when no listener would be started. */
  public boolean none() {
    return !vm && !containers && !runnerAdmin;
  }
}
