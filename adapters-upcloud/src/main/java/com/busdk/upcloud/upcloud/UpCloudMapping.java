package com.busdk.upcloud.upcloud;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.IpAddress;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import com.busdk.upcloud.upcloud.UpCloudWire.Interface;
import com.busdk.upcloud.upcloud.UpCloudWire.IpAddressList;
import com.busdk.upcloud.upcloud.UpCloudWire.Network;
import com.busdk.upcloud.upcloud.UpCloudWire.Server;
import com.busdk.upcloud.upcloud.UpCloudWire.ServerEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.ServerHead;
import com.busdk.upcloud.upcloud.UpCloudWire.Storage;
import java.util.ArrayList;
import java.util.List;

/** UpCloud's wire shapes to the records of the ports. */
final class UpCloudMapping {
  private UpCloudMapping() {}

  static ServerDetails details(ServerEnvelope envelope) {
    if (envelope == null || envelope.server() == null || envelope.server().uuid() == null) {
      throw new CloudException(Kind.PROVIDER, "", "UpCloud answered without a server object");
    }
    Server s = envelope.server();
    List<NetworkInterface> nics = new ArrayList<>();
    if (s.networking() != null && s.networking().interfaces() != null) {
      for (Interface nic : UpCloudWire.orEmpty(s.networking().interfaces().interfaces())) {
        nics.add(
            new NetworkInterface(
                nic.index() == null ? 0 : nic.index(),
                nic.type(),
                nic.mac(),
                nic.network(),
                addresses(nic.ipAddresses())));
      }
    }
    List<String> storages = new ArrayList<>();
    if (s.storageDevices() != null) {
      for (var device : UpCloudWire.orEmpty(s.storageDevices().storageDevice())) {
        // CD-ROM devices point at shared public media that is never ours to delete.
        if (device.storage() != null && (device.type() == null || "disk".equals(device.type()))) {
          storages.add(device.storage());
        }
      }
    }
    return new ServerDetails(summary(s), nics, addresses(s.ipAddresses()), storages);
  }

  static ServerSummary summary(Server server) {
    ServerHead s = server.head();
    return new ServerSummary(
        s.uuid(), s.title(), s.hostname(), s.zone(), s.state(), UpCloudWire.labels(s.labels()));
  }

  static NetworkInfo network(Network n) {
    return new NetworkInfo(n.uuid(), n.name(), n.type(), n.zone());
  }

  static TemplateInfo template(Storage s) {
    return new TemplateInfo(s.uuid(), s.title(), s.templateType(), s.size() == null ? 0 : s.size());
  }

  private static List<IpAddress> addresses(IpAddressList list) {
    if (list == null) {
      return List.of();
    }
    List<IpAddress> result = new ArrayList<>();
    for (var ip : UpCloudWire.orEmpty(list.ipAddress())) {
      if (ip.address() != null) {
        result.add(new IpAddress(ip.address(), ip.family(), ip.access()));
      }
    }
    return result;
  }
}
