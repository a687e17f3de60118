package com.busdk.upcloud.archfixtures.clean.ssh;

import com.jcraft.jsch.JSch;
import jakarta.inject.Inject;

public final class HandshakeProbe {
  private final JSch jsch;

  @Inject
  public HandshakeProbe(JSch jsch) {
    this.jsch = jsch;
  }

  public JSch jsch() {
    return jsch;
  }
}
