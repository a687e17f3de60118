package com.busdk.upcloud.app.config;

/** The concern under which an option is listed in {@code --help}. */
enum HelpSection {
  MODES("Modes"),
  EVENTS("Events API"),
  UPCLOUD("UpCloud and VM"),
  CONTAINER("Container runner"),
  RUNNER("Runner lifecycle"),
  STATE("Run state and limits"),
  WORKER("Worker and logging");

  private final String heading;

  HelpSection(String heading) {
    this.heading = heading;
  }

  String heading() {
    return heading;
  }
}
