package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.domain.container.RunnerAdminHandlers;
import com.busdk.upcloud.domain.container.RunnerLifecycle;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;

/** Protected runner administration: status, start and delete under the delete policy. */
public final class RunnerAdminModule extends AbstractModule {
  @ProvidesIntoSet
  HandlerSet runnerAdminHandlers(RunnerLifecycle lifecycle) {
    return new HandlerSet("runner-admin", new RunnerAdminHandlers(lifecycle).handlers());
  }
}
