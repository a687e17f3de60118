package com.busdk.upcloud.ports;

/** What the Events API said about a publish: the event id it assigned, when it said one. */
public record PublishReceipt(String id, String name) {
  public PublishReceipt {
    id = id == null ? "" : id;
    name = name == null ? "" : name;
  }
}
