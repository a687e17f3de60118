package com.busdk.upcloud.testkit.upcloud;

/** A storage of {@link SimulatedCloud}: a template, or a disk attached to a server or to none. */
final class SimStorage {
  final String uuid;
  final String title;
  final int size;
  final String type;
  final String templateType;
  final String zone;
  String attachedTo;

  SimStorage(String uuid, String title, int size, String type, String templateType, String zone) {
    this.uuid = uuid;
    this.title = title;
    this.size = size;
    this.type = type;
    this.templateType = templateType;
    this.zone = zone;
  }

  boolean isTemplate() {
    return type.equals("template");
  }
}
