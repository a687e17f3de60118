package com.busdk.upcloud.ports;

/**
 * What an event carries: a reply record of this package, or JSON text kept from an earlier publish
 * ({@link RawJson}). The event bus adapter decides the wire form (snake_case JSON); the domain
 * hands over types, never field names.
 */
public interface EventPayload {}
