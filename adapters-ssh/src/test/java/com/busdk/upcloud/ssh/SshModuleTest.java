package com.busdk.upcloud.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ssh.Reachabilities.ProbeKind;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SshModuleTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void the_tcp_kind_accepts_any_listener() throws Exception {
    try (PlainTcpServer server = new PlainTcpServer("not ssh\r\n")) {
      Reachability probe = strictInjectorWith(ProbeKind.TCP);

      assertTrue(probe.probe("127.0.0.1", server.port(), TIMEOUT).reachable());
    }
  }

  @Test
  void the_handshake_kind_wants_an_ssh_server() throws Exception {
    try (PlainTcpServer server = new PlainTcpServer("not ssh\r\n")) {
      Reachability probe = strictInjectorWith(ProbeKind.SSH_HANDSHAKE);

      assertFalse(probe.probe("127.0.0.1", server.port(), TIMEOUT).reachable());
    }
  }

  @Test
  void a_kind_is_required() {
    assertThrows(NullPointerException.class, () -> new SshModule(null));
  }

  private static Reachability strictInjectorWith(ProbeKind kind) {
    return Guice.createInjector(
            Stage.PRODUCTION,
            new AbstractModule() {
              @Override
              protected void configure() {
                binder().requireExplicitBindings();
                binder().disableCircularProxies();
              }
            },
            new SshModule(kind))
        .getInstance(Reachability.class);
  }
}
