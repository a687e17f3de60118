package com.busdk.upcloud.ports;

/** VM status/start/stop request payload; {@code runtime} is accepted and ignored (one VM). */
public record VmRequest(String runtime) {}
