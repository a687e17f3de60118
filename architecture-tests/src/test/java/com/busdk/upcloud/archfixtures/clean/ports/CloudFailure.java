package com.busdk.upcloud.archfixtures.clean.ports;

/** The clean shape: a cloud failure says what happened as a kind. */
public class CloudFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What happened, in the domain's words. */
  public enum Kind {
    BUSY,
    NOT_FOUND
  }

  private final Kind kind;

  public CloudFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
