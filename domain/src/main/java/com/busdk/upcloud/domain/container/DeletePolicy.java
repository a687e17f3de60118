package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runner delete policy. States are generic lifecycle state names ({@code stopped}, {@code
 * maintenance}, {@code pending}, …); a misspelled one simply never matches.
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
    Set<String> readyStates,
    Set<String> transientStates,
    Duration timeout,
    Duration pollInterval,
    boolean deleteStorage) {
  public DeletePolicy {
    requireNonNull(readyStates, "readyStates is null");
    requireNonNull(transientStates, "transientStates is null");
    Durations.requirePositive(timeout, "timeout");
    Durations.requirePositive(pollInterval, "pollInterval");
    readyStates = normalize(readyStates);
    transientStates = normalize(transientStates);
  }

  /** The documented defaults: stop first, delete when stopped, poll maintenance/pending. */
  public static DeletePolicy defaults() {
    return new DeletePolicy(
        true,
        Set.of("stopped"),
        Set.of("maintenance", "pending"),
        Duration.ofMinutes(10),
        Duration.ofSeconds(5),
        true);
  }

  private static Set<String> normalize(Set<String> states) {
    return states.stream()
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
