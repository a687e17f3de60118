package com.busdk.upcloud.events;

import java.util.concurrent.BlockingDeque;

/** One open stream of the embedded Events API: where its lines come from, whether it must end. */
final class ServerStream {
  final String name;
  final BlockingDeque<String> source;
  final boolean unicast;
  volatile boolean dropped;

  ServerStream(String name, BlockingDeque<String> source, boolean unicast) {
    this.name = name;
    this.source = source;
    this.unicast = unicast;
  }

  void drop() {
    dropped = true;
  }
}
