package com.busdk.upcloud.archfixtures.broken.journal;

import com.busdk.upcloud.archfixtures.broken.ssh.SshUsingFeign;

/** Breaks "adapters never use each other". */
public final class JournalUsingSsh {
  public Object ssh() {
    return new SshUsingFeign();
  }
}
