package com.busdk.upcloud.ports;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The identity fields a request payload may carry. Older publishers say "account" where newer ones
 * say "identity", so every spelling is read.
 */
public record RequesterIdentity(
    String identityId, String ownerIdentityId, String accountId, String ownerAccountId) {

  /**
   * The first non-blank of {@code identity_id}, {@code owner_identity_id}, {@code account_id},
   * {@code owner_account_id}.
   */
  public Optional<String> resolve() {
    return Stream.of(identityId, ownerIdentityId, accountId, ownerAccountId)
        .filter(v -> v != null && !v.isBlank())
        .findFirst();
  }
}
