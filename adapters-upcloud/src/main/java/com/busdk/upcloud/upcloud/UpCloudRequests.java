package com.busdk.upcloud.upcloud;

import com.busdk.upcloud.ports.CloudServers.StopType;
import com.busdk.upcloud.ports.ServerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Request bodies in UpCloud's wire form: root keys, double-wrapped lists, "yes"/"no" flags. */
final class UpCloudRequests {
  private UpCloudRequests() {}

  /** The stop timeout goes out as a string of seconds; UpCloud ignores a numeric one. */
  static Map<String, Object> stop(StopType type, Duration timeout) {
    long seconds = Math.max(1, timeout.toSeconds());
    Map<String, Object> stop = new LinkedHashMap<>();
    stop.put("stop_type", type.name().toLowerCase(Locale.ROOT));
    stop.put("timeout", Long.toString(seconds));
    return Map.of("stop_server", stop);
  }

  static Map<String, Object> create(ServerSpec spec) {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("zone", spec.zone());
    server.put("title", spec.title());
    server.put("hostname", spec.hostname());
    server.put("plan", spec.plan());
    server.put("metadata", yesNo(spec.disk().metadata()));
    // Without these UpCloud e-mails generated credentials and opens a VNC console.
    server.put("password_delivery", "none");
    server.put("remote_access_enabled", "no");
    server.put("labels", labels(spec.labels()));
    server.put("login_user", loginUser(spec));
    server.put("storage_devices", storageDevices(spec));
    server.put("networking", networking(spec));
    return Map.of("server", server);
  }

  private static Map<String, Object> labels(Map<String, String> labels) {
    List<Map<String, String>> list = new ArrayList<>();
    labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> list.add(Map.of("key", e.getKey(), "value", e.getValue())));
    return Map.of("label", list);
  }

  private static Map<String, Object> loginUser(ServerSpec spec) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", spec.login().user());
    user.put("create_password", "no");
    user.put("ssh_keys", Map.of("ssh_key", spec.login().sshPublicKeys()));
    return user;
  }

  private static Map<String, Object> storageDevices(ServerSpec spec) {
    Map<String, Object> disk = new LinkedHashMap<>();
    disk.put("action", "clone");
    disk.put("storage", spec.disk().templateUuid());
    disk.put("title", spec.hostname() + "-os");
    disk.put("size", spec.disk().sizeGb());
    disk.put("tier", "maxiops");
    return Map.of("storage_device", List.of(disk));
  }

  private static Map<String, Object> networking(ServerSpec spec) {
    List<Map<String, Object>> nics = new ArrayList<>();
    if (spec.network().mode() == ServerSpec.NetworkMode.PRIVATE) {
      Map<String, Object> nic = new LinkedHashMap<>();
      nic.put("type", "private");
      nic.put("network", spec.network().privateNetworkUuid());
      Map<String, Object> address = new LinkedHashMap<>();
      address.put("family", "IPv4");
      if (spec.network().privateIp() != null) {
        address.put("address", spec.network().privateIp());
      }
      nic.put("ip_addresses", Map.of("ip_address", List.of(address)));
      nics.add(nic);
    } else {
      nics.add(ipv4Nic("public"));
    }
    nics.add(ipv4Nic("utility"));
    return Map.of("interfaces", Map.of("interface", nics));
  }

  private static Map<String, Object> ipv4Nic(String type) {
    Map<String, Object> nic = new LinkedHashMap<>();
    nic.put("type", type);
    nic.put("ip_addresses", Map.of("ip_address", List.of(Map.of("family", "IPv4"))));
    return nic;
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }
}
