package com.busdk.upcloud.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.Reachability.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpReachabilityTest {
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Reachability probe = Reachabilities.tcp();

  @Test
  void an_ssh_server_is_reachable(@TempDir Path keys) throws Exception {
    try (EmbeddedSshServer server = new EmbeddedSshServer(keys)) {
      assertEquals(ProbeResult.ok(), probe.probe(LOOPBACK, server.port(), TIMEOUT));
    }
  }

  @Test
  void any_listening_port_is_reachable_even_when_it_is_not_ssh() throws Exception {
    try (PlainTcpServer server = new PlainTcpServer("HTTP/1.1 400 Bad Request\r\n\r\n")) {
      assertTrue(probe.probe(LOOPBACK, server.port(), TIMEOUT).reachable());
    }
  }

  @Test
  void a_closed_port_is_unreachable_with_connection_refused() throws Exception {
    ProbeResult result = probe.probe(LOOPBACK, ClosedPort.pick(), TIMEOUT);

    assertFalse(result.reachable());
    assertEquals("connection refused", result.detail());
  }

  @Test
  void invalid_arguments_are_programming_errors_not_probe_results() {
    assertThrows(IllegalArgumentException.class, () -> probe.probe(" ", 22, TIMEOUT));
    assertThrows(IllegalArgumentException.class, () -> probe.probe(LOOPBACK, 0, TIMEOUT));
    assertThrows(IllegalArgumentException.class, () -> probe.probe(LOOPBACK, 22, Duration.ZERO));
  }
}
