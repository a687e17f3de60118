package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What to create: where and what size ({@code zone}, {@code plan}), its names, the OS disk, the
 * network, the login and the labels. In {@link NetworkMode#PRIVATE} the server gets a private NIC
 * on the network's {@code privateNetworkUuid} (with {@code privateIp} when set) plus a utility NIC;
 * in {@link NetworkMode#PUBLIC} a public and a utility NIC. Build one with {@link #builder()}.
 */
public record ServerSpec(
    String zone,
    String title,
    String hostname,
    String plan,
    OsDisk disk,
    Network network,
    Login login,
    Map<String, String> labels) {
  public ServerSpec {
    requireNonNull(zone, "zone is null");
    requireNonNull(title, "title is null");
    requireNonNull(hostname, "hostname is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(disk, "disk is null");
    requireNonNull(network, "network is null");
    login = login == null ? new Login(null, null) : login;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** The OS disk, cloned from a template; {@code metadata} turns on the metadata service. */
  public record OsDisk(String templateUuid, int sizeGb, boolean metadata) {
    public OsDisk {
      requireNonNull(templateUuid, "templateUuid is null");
      if (sizeGb <= 0) {
        throw new IllegalArgumentException("storageSizeGb must be positive: " + sizeGb);
      }
    }
  }

  /** How the server is attached; a private network needs its UUID. */
  public record Network(NetworkMode mode, String privateNetworkUuid, String privateIp) {
    public Network {
      requireNonNull(mode, "networkMode is null");
      if (mode == NetworkMode.PRIVATE
          && (privateNetworkUuid == null || privateNetworkUuid.isBlank())) {
        throw new IllegalArgumentException("private network mode needs a private network");
      }
      privateIp = privateIp == null || privateIp.isBlank() ? null : privateIp;
    }

    public static Network publicNetwork() {
      return new Network(NetworkMode.PUBLIC, null, null);
    }

    public static Network privateNetwork(String networkUuid, String privateIp) {
      return new Network(NetworkMode.PRIVATE, networkUuid, privateIp);
    }
  }

  /** The user the provider creates, with the keys allowed to log in ({@code root} when blank). */
  public record Login(String user, List<String> sshPublicKeys) {
    public Login {
      user = user == null || user.isBlank() ? "root" : user;
      sshPublicKeys = sshPublicKeys == null ? List.of() : List.copyOf(sshPublicKeys);
    }
  }

  public enum NetworkMode {
    PRIVATE,
    PUBLIC
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects a spec by name; {@link #build()} checks it. */
  public static final class Builder {
    private String zone;
    private String title;
    private String hostname;
    private String plan;
    private OsDisk disk;
    private Network network = Network.publicNetwork();
    private Login login = new Login(null, null);
    private Map<String, String> labels = Map.of();

    private Builder() {}

    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    /** Sets the title and, unless set later, the hostname. */
    public Builder title(String title) {
      this.title = title;
      if (hostname == null) {
        hostname = title;
      }
      return this;
    }

    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    public Builder plan(String plan) {
      this.plan = plan;
      return this;
    }

    public Builder disk(String templateUuid, int sizeGb, boolean metadata) {
      this.disk = new OsDisk(templateUuid, sizeGb, metadata);
      return this;
    }

    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    public Builder login(String user, List<String> sshPublicKeys) {
      this.login = new Login(user, sshPublicKeys);
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public ServerSpec build() {
      return new ServerSpec(zone, title, hostname, plan, disk, network, login, labels);
    }
  }
}
