package com.busdk.upcloud.ports;

/** {@code {"deleted":true,"run_id":"…","owner_identity_id":"…"}}. */
public record ContainerDeleteResponse(boolean deleted, String runId, String ownerIdentityId)
    implements EventPayload {}
