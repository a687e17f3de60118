package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.LifecycleState;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The runner delete policy. States are typed lifecycle states, so a misspelt one is refused where
 * the option is read instead of silently never matching.
 *
 * @param stopFirst hard-stop a runner that is not in a ready state before deleting it
 * @param readyStates states in which the runner is deleted
 * @param transientStates states that are polled through
 * @param timeout bounds the whole delete, storage clean-up included
 * @param pollInterval pause between state reads
 * @param deleteStorage delete the runner's storages too, and verify they are gone
 */
public record DeletePolicy(
    boolean stopFirst,
    Set<LifecycleState> readyStates,
    Set<LifecycleState> transientStates,
    Duration timeout,
    Duration pollInterval,
    boolean deleteStorage) {
  public DeletePolicy {
    readyStates = copy(requireNonNull(readyStates, "readyStates is null"));
    transientStates = copy(requireNonNull(transientStates, "transientStates is null"));
    Durations.requirePositive(timeout, "timeout");
    Durations.requirePositive(pollInterval, "pollInterval");
  }

  /** The documented defaults: stop first, delete when stopped, poll maintenance/pending. */
  public static DeletePolicy defaults() {
    return new DeletePolicy(
        true,
        EnumSet.of(LifecycleState.STOPPED),
        EnumSet.of(LifecycleState.MAINTENANCE, LifecycleState.PENDING),
        Duration.ofMinutes(10),
        Duration.ofSeconds(5),
        true);
  }

  /** An unmodifiable copy in declaration order, so messages list states the same way each time. */
  private static Set<LifecycleState> copy(Set<LifecycleState> states) {
    EnumSet<LifecycleState> copy = EnumSet.noneOf(LifecycleState.class);
    copy.addAll(states);
    return Collections.unmodifiableSet(copy);
  }
}
