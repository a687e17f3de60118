package com.busdk.upcloud.upcloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UpCloud's JSON shapes as they arrive: every object sits under a root key and every list under a
 * double wrapper ({@code {"servers":{"server":[…]}}}). Field names map through snake_case.
 */
final class UpCloudWire {
  private UpCloudWire() {}

  record ServerEnvelope(Server server) {}

  record ServerListEnvelope(ServerList servers) {}

  record ServerList(List<Server> server) {}

  /**
   * A server object: what a listing shows ({@code head}, the same JSON fields, not nested) and, in
   * a detail answer, its addresses, NICs and storage devices.
   */
  record Server(
      @JsonUnwrapped ServerHead head,
      IpAddressList ipAddresses,
      Networking networking,
      StorageDeviceList storageDevices) {
    String uuid() {
      return head == null ? null : head.uuid();
    }
  }

  /** The fields a server listing shows. */
  record ServerHead(
      String uuid, String title, String hostname, String zone, String state, JsonNode labels) {}

  record IpAddressList(List<IpAddress> ipAddress) {}

  record IpAddress(String address, String family, String access) {}

  record Networking(InterfaceList interfaces) {}

  record InterfaceList(@JsonProperty("interface") List<Interface> interfaces) {}

  record Interface(
      Integer index, String type, String mac, String network, IpAddressList ipAddresses) {}

  record StorageDeviceList(List<StorageDevice> storageDevice) {}

  record StorageDevice(String storage, String type) {}

  record NetworkEnvelope(Network network) {}

  record NetworkListEnvelope(NetworkList networks) {}

  record NetworkList(List<Network> network) {}

  record Network(String uuid, String name, String type, String zone) {}

  record StorageListEnvelope(StorageList storages) {}

  record StorageList(List<Storage> storage) {}

  record Storage(
      String uuid, String title, String type, String templateType, Integer size, String state) {}

  record LegacyErrorEnvelope(LegacyError error) {}

  record LegacyError(String errorCode, String errorMessage) {}

  /**
   * Servers carry {@code {"label":[{key,value}]}} while storages carry a plain array; both reach
   * here as a tree so one reader serves every shape.
   */
  static Map<String, String> labels(JsonNode node) {
    Map<String, String> result = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return result;
    }
    JsonNode list = node.isArray() ? node : node.path("label");
    if (list.isArray()) {
      for (JsonNode label : list) {
        String key = label.path("key").asText("");
        if (!key.isEmpty()) {
          result.put(key, label.path("value").asText(""));
        }
      }
    }
    return result;
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
