package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventPayload;
import com.fasterxml.jackson.databind.JsonNode;

/** A payload this adapter built as a JSON tree itself (an ssh-runner request); written as it is. */
record TreePayload(JsonNode tree) implements EventPayload {
  TreePayload {
    requireNonNull(tree, "tree is null");
  }

  /** Leaves the tree out: it may hold a script. */
  @Override
  public String toString() {
    return "TreePayload[" + tree.getNodeType() + "]";
  }
}
