package com.busdk.upcloud.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.Reachability.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshHandshakeReachabilityTest {
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Reachability probe = Reachabilities.sshHandshake();

  @Test
  void a_server_that_refuses_every_login_still_counts_as_speaking_ssh(@TempDir Path keys)
      throws Exception {
    try (EmbeddedSshServer server = new EmbeddedSshServer(keys)) {
      assertEquals(ProbeResult.ok(), probe.probe(LOOPBACK, server.port(), TIMEOUT));
    }
  }

  @Test
  void the_probe_never_offers_a_password(@TempDir Path keys) throws Exception {
    try (EmbeddedSshServer server = new EmbeddedSshServer(keys)) {
      probe.probe(LOOPBACK, server.port(), TIMEOUT);

      assertEquals(java.util.List.of(), server.passwordAttempts());
    }
  }

  @Test
  void a_closed_port_is_unreachable_with_connection_refused() throws Exception {
    ProbeResult result = probe.probe(LOOPBACK, ClosedPort.pick(), TIMEOUT);

    assertFalse(result.reachable());
    assertEquals("connection refused", result.detail());
  }

  @Test
  void a_tcp_server_with_another_protocol_is_not_ssh() throws Exception {
    try (PlainTcpServer server = new PlainTcpServer("HTTP/1.1 400 Bad Request\r\n\r\n")) {
      ProbeResult result = probe.probe(LOOPBACK, server.port(), TIMEOUT);

      assertFalse(result.reachable());
      assertTrue(result.detail().startsWith("no SSH server"), result.detail());
    }
  }

  @Test
  void a_tcp_server_that_never_greets_times_out() throws Exception {
    try (PlainTcpServer server = new PlainTcpServer("")) {
      ProbeResult result = probe.probe(LOOPBACK, server.port(), Duration.ofMillis(300));

      assertFalse(result.reachable());
      assertEquals("timed out", result.detail());
    }
  }
}
