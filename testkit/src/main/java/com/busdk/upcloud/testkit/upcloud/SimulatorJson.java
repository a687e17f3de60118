package com.busdk.upcloud.testkit.upcloud;

import com.busdk.upcloud.ports.IpAddress;
import com.busdk.upcloud.ports.NetworkInterface;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The simulator's answers in UpCloud's wire form, shaped after the recorded fixtures: root keys,
 * double-wrapped lists, "yes"/"no" flags and numbers as strings where UpCloud writes them so.
 */
final class SimulatorJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private final SimulatedCloud cloud;

  SimulatorJson(SimulatedCloud cloud) {
    this.cloud = cloud;
  }

  /** A server as listed ({@code details} false) or as a detail answer under a root key. */
  ObjectNode server(SimServer s, boolean details) {
    ObjectNode o = JSON.createObjectNode();
    o.put("boot_order", "disk");
    o.put("core_number", "1");
    o.put("created", s.created.getEpochSecond());
    o.put("firewall", "off");
    o.put("host", 6946046595L);
    o.put("hostname", s.hostname);
    ArrayNode labels = JSON.createArrayNode();
    s.labels.forEach((k, v) -> labels.addObject().put("key", k).put("value", v));
    o.set("labels", wrap("label", labels));
    o.put("license", 0);
    o.put("memory_amount", "2048");
    o.put("plan", s.plan);
    o.put("simple_backup", "no");
    o.put("state", s.state);
    o.set("tags", wrap("tag", JSON.createArrayNode()));
    o.put("title", s.title);
    o.put("uuid", s.uuid);
    o.put("zone", s.zone);
    if (!details) {
      return o;
    }
    o.put("metadata", "yes");
    o.put("nic_model", "virtio");
    o.put("remote_access_enabled", "no");
    o.put("timezone", "UTC");
    ArrayNode top = JSON.createArrayNode();
    for (IpAddress ip : s.ipAddresses) {
      top.addObject()
          .put("access", ip.access())
          .put("address", ip.address())
          .put("family", ip.family());
    }
    o.set("ip_addresses", wrap("ip_address", top));
    ArrayNode interfaces = JSON.createArrayNode();
    for (NetworkInterface nic : s.nics) {
      interfaces.add(nic(nic));
    }
    o.set("networking", wrap("interfaces", wrap("interface", interfaces)));
    o.set("storage_devices", wrap("storage_device", devices(s)));
    return wrap("server", o);
  }

  private static ObjectNode nic(NetworkInterface nic) {
    ObjectNode n = JSON.createObjectNode();
    n.put("bootable", "no");
    n.put("index", nic.index());
    ArrayNode addresses = JSON.createArrayNode();
    for (IpAddress ip : nic.addresses()) {
      addresses
          .addObject()
          .put("address", ip.address())
          .put("family", ip.family())
          .put("floating", "no");
    }
    n.set("ip_addresses", wrap("ip_address", addresses));
    n.put("mac", nic.mac());
    n.put("network", nic.networkUuid());
    n.put("source_ip_filtering", "yes");
    n.put("type", nic.type());
    return n;
  }

  private ArrayNode devices(SimServer s) {
    ArrayNode devices = JSON.createArrayNode();
    int address = 0;
    for (String uuid : s.storages) {
      SimStorage st = cloud.storageOrNull(uuid);
      if (st == null) {
        continue;
      }
      devices
          .addObject()
          .put("address", "virtio:" + address++)
          .put("boot_disk", "0")
          .put("storage", st.uuid)
          .put("storage_size", st.size)
          .put("storage_tier", "maxiops")
          .put("storage_title", st.title)
          .put("type", "disk");
    }
    return devices;
  }

  ObjectNode storage(SimStorage s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("access", s.isTemplate() ? "public" : "private");
    o.put("encrypted", "no");
    o.set("labels", JSON.createArrayNode());
    o.put("license", 0);
    o.put("size", s.size);
    o.put("state", "online");
    if (s.isTemplate()) {
      o.put("template_type", s.templateType);
    } else {
      o.put("tier", "maxiops");
      o.put("zone", s.zone);
      ArrayNode attached = JSON.createArrayNode();
      if (s.attachedTo != null) {
        attached.add(s.attachedTo);
      }
      o.set("servers", wrap("server", attached));
    }
    o.put("title", s.title);
    o.put("type", s.type);
    o.put("uuid", s.uuid);
    return o;
  }

  ObjectNode network(SimNetwork n) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode ipNetworks = JSON.createArrayNode();
    ObjectNode ip = ipNetworks.addObject();
    ip.put("address", n.cidr);
    ip.put("dhcp", "yes");
    ip.put("dhcp_default_route", n.type.equals("public") ? "yes" : "no");
    ip.put("family", "IPv4");
    ip.put("gateway", n.host(1));
    o.set("ip_networks", wrap("ip_network", ipNetworks));
    o.put("name", n.name);
    if (n.type.equals("private")) {
      ArrayNode attached = JSON.createArrayNode();
      for (SimServer s : cloud.servers()) {
        if (s.nics.stream().anyMatch(nic -> nic.networkUuid().equals(n.uuid))) {
          attached.addObject().put("title", s.title).put("uuid", s.uuid);
        }
      }
      o.set("servers", wrap("server", attached));
    }
    o.put("type", n.type);
    o.put("uuid", n.uuid);
    o.put("zone", n.zone);
    return o;
  }

  static ObjectNode wrap(String key, JsonNode value) {
    ObjectNode o = JSON.createObjectNode();
    o.set(key, value);
    return o;
  }

  /** UpCloud's legacy error body. */
  static ObjectNode error(String code, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.put("error_code", code);
    e.put("error_message", message);
    return wrap("error", e);
  }

  /** The body as a JSON object, or null when it is not one. */
  static JsonNode parseObject(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
