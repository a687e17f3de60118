package com.busdk.upcloud.ports;

/** Runner admin delete reply: {@code {"deleted":true}}. */
public record RunnerDeleteResponse(boolean deleted) implements EventPayload {}
