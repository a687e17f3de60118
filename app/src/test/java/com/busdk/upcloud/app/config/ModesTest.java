package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModesTest {
  @Test
  void staticProviderWithoutNamesServesBothPublicSets() {
    assertEquals(new Modes(true, true, false), Modes.of(load()));
  }

  @Test
  void vmNameSelectsOnlyVmListeners() {
    assertEquals(new Modes(true, false, false), Modes.of(load("--vm-name=gpu")));
    assertEquals(
        new Modes(true, false, false),
        Modes.of(load(env("UPCLOUD_VM_NAME", "gpu"), "--provider=upcloud")));
  }

  @Test
  void runnerNameSelectsOnlyContainerListeners() {
    assertEquals(
        new Modes(false, true, false),
        Modes.of(load("--provider=upcloud", "--container-runner-name=runner")));
  }

  @Test
  void bothNamesSelectBoth() {
    assertEquals(
        new Modes(true, true, false),
        Modes.of(load("--vm-name=gpu", "--container-runner-name=runner")));
  }

  @Test
  void runnerAdminIsAModeOfItsOwnOnlyOnOptIn() {
    assertEquals(
        new Modes(false, false, true),
        Modes.of(load("--container-runner-name=runner", "--runner-admin")));
    assertEquals(
        new Modes(true, false, true), Modes.of(load(env("BUS_UPCLOUD_RUNNER_ADMIN", "1"))));
  }

  @Test
  void upcloudWithoutNamesServesNothing() {
    assertTrue(Modes.of(load("--provider=upcloud")).none());
  }
}
