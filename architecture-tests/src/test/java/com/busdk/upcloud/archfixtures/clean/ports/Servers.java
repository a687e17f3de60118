package com.busdk.upcloud.archfixtures.clean.ports;

import java.time.Duration;

public interface Servers {
  String state(String name, Duration timeout);
}
