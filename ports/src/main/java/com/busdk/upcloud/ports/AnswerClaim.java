package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The outcome of {@link RunJournal#claim}. */
public sealed interface AnswerClaim {

  /** The caller took the request and must execute it, then answer it. */
  record Fresh() implements AnswerClaim {}

  /** Someone took the request earlier and has not answered yet. */
  record Running(String worker, Instant since) implements AnswerClaim {
    public Running {
      requireNonNull(worker, "worker is null");
      requireNonNull(since, "since is null");
    }
  }

  /** The request was answered; {@code payload} is that answer, to publish again. */
  record Answered(Object payload) implements AnswerClaim {
    public Answered {
      requireNonNull(payload, "payload is null");
    }
  }
}
