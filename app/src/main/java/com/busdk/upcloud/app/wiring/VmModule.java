package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.domain.vm.VmControl;
import com.busdk.upcloud.domain.vm.VmHandlers;
import com.busdk.upcloud.domain.vm.VmSettings;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

/** VM mode: status, start and stop of the configured VM. */
public final class VmModule extends AbstractModule {
  /** The VM name the static provider answers for when none is configured. */
  public static final String STATIC_VM_NAME = "static-vm";

  @Provides
  @Singleton
  VmSettings vmSettings(Settings settings) {
    var upcloud = settings.upcloud();
    String name = upcloud.vmName() == null ? STATIC_VM_NAME : upcloud.vmName();
    return new VmSettings(
        upcloud.provider().wire(), name, upcloud.vmActionTimeout(), upcloud.statePollInterval());
  }

  @Provides
  @Singleton
  VmControl vmControl(CloudServers cloud, VmSettings settings, TimeSource time) {
    return new VmControl(cloud, settings, time);
  }

  @ProvidesIntoSet
  HandlerSet vmHandlers(VmControl vm) {
    return new HandlerSet("vm", new VmHandlers(vm).handlers());
  }
}
