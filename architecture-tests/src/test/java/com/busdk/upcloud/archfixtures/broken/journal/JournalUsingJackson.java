package com.busdk.upcloud.archfixtures.broken.journal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks "the journal adapter uses only ports and its own libraries": Jackson is not one. */
public final class JournalUsingJackson {
  public Object mapper() {
    return new ObjectMapper();
  }
}
