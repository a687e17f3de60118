package com.busdk.upcloud.ssh;

import com.busdk.upcloud.ports.Reachability;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reachable means an SSH server answers on {@code host:port} and completes key exchange. The probe
 * checks readiness, not identity: it accepts any host key and offers no credentials, so a refused
 * authentication still proves the server is up.
 */
final class SshHandshakeReachability implements Reachability {
  private static final Logger LOG = LoggerFactory.getLogger(SshHandshakeReachability.class);
  private static final String PROBE_USER = "bus-readiness-probe";

  @Override
  public ProbeResult probe(String host, int port, Duration timeout) {
    ProbeFailures.checkTarget(host, port);
    int timeoutMillis = ProbeFailures.timeoutMillis(timeout);
    Session session = null;
    try {
      session = new JSch().getSession(PROBE_USER, host, port);
      // A fresh runner has a host key nobody has recorded yet; readiness cannot depend on it.
      session.setConfig("StrictHostKeyChecking", "no");
      // With no identity loaded, public key is the only method that can never send a secret.
      session.setConfig("PreferredAuthentications", "publickey");
      session.connect(timeoutMillis);
      return ProbeResult.ok();
    } catch (JSchException e) {
      if (session != null && session.getHostKey() != null) {
        LOG.debug("{}:{} speaks SSH; authentication ended with: {}", host, port, e.getMessage());
        return ProbeResult.ok();
      }
      return ProbeResult.unreachable(describe(e));
    } catch (RuntimeException e) {
      return ProbeResult.unreachable(ProbeFailures.describe(e));
    } finally {
      if (session != null) {
        session.disconnect();
      }
    }
  }

  private static String describe(JSchException e) {
    if (e.getCause() != null) {
      return ProbeFailures.describe(e.getCause());
    }
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (message.contains("timeout") || message.contains("timed out")) {
      return "timed out";
    }
    if (message.contains("refused")) {
      return "connection refused";
    }
    return "no SSH server: " + message;
  }
}
