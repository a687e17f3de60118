package com.busdk.upcloud.archfixtures.broken.ports;

/** Breaks "the cloud port has no HTTP status" in a record that crosses the port. */
public record ServerAnswer(String uuid, int statusCode) {}
